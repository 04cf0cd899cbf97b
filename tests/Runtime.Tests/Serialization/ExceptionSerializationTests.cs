using System.Runtime.CompilerServices;
using System.Text;
using BigDL.Orleans.Serialization;

namespace BigDL.Orleans.Runtime.Tests.Serialization;

public class ExceptionSerializationTests
{
    [Fact]
    public void A_thrown_exception_keeps_its_type_message_and_remote_stack_trace()
    {
        var thrown = Capture(() => ThrowingMethodOnTheRemoteSide());

        var result = RoundTrip.Of<Exception>(thrown);

        var typed = Assert.IsType<InvalidOperationException>(result);
        Assert.Equal("the remote side failed", typed.Message);
        Assert.Contains(nameof(ThrowingMethodOnTheRemoteSide), typed.StackTrace, StringComparison.Ordinal);
        Assert.Contains(nameof(ThrowingMethodOnTheRemoteSide), typed.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Inner_exceptions_and_simple_data_travel_with_the_exception()
    {
        var error = new CustomException("outer", new ArgumentNullException("name", "inner message"));
        error.Data["trial"] = 42;
        error.Data["name"] = "t1";
        error.Data["ignored"] = new object();

        var result = Assert.IsType<CustomException>(RoundTrip.Of<Exception>(error));

        Assert.Equal("outer", result.Message);
        var inner = Assert.IsType<ArgumentNullException>(result.InnerException);
        Assert.Equal(new ArgumentNullException("name", "inner message").Message, inner.Message);
        Assert.Equal(42, result.Data["trial"]);
        Assert.Equal("t1", result.Data["name"]);
        Assert.False(result.Data.Contains("ignored"));
    }

    [Fact]
    public void An_exception_that_cannot_be_recreated_arrives_as_a_remote_grain_exception()
    {
        var thrown = Capture(() => throw new CodeOnlyException(7));

        var result = Assert.IsType<RemoteGrainException>(RoundTrip.Of<Exception>(thrown));

        Assert.Equal(typeof(CodeOnlyException).FullName, result.OriginalTypeName);
        Assert.Equal("failed with code 7", result.Message);
        Assert.Contains(nameof(An_exception_that_cannot_be_recreated_arrives_as_a_remote_grain_exception), result.RemoteStackTrace, StringComparison.Ordinal);
        Assert.Contains(typeof(CodeOnlyException).FullName!, result.ToString(), StringComparison.Ordinal);
        Assert.Contains(nameof(An_exception_that_cannot_be_recreated_arrives_as_a_remote_grain_exception), result.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_exception_type_unknown_here_arrives_as_a_remote_grain_exception()
    {
        var bytes = RoundTrip.Bytes<Exception>(new CustomException("boom", null));
        var name = Encoding.UTF8.GetBytes(nameof(CustomException));
        var at = bytes.AsSpan().IndexOf(name);
        bytes[at] = (byte)'K'; // same length, a type that does not exist

        var result = Assert.IsType<RemoteGrainException>(RoundTrip.Serializer.Deserialize<Exception>(bytes));

        Assert.EndsWith("KustomException", result.OriginalTypeName, StringComparison.Ordinal);
        Assert.Equal("boom", result.Message);
    }

    [Fact]
    public void A_remote_grain_exception_forwarded_again_keeps_the_original_type_name()
    {
        var first = RoundTrip.Of<Exception>(Capture(() => throw new CodeOnlyException(1)));

        var second = Assert.IsType<RemoteGrainException>(RoundTrip.Of(first));

        Assert.Equal(typeof(CodeOnlyException).FullName, second.OriginalTypeName);
        Assert.Equal(((RemoteGrainException)first).RemoteStackTrace, second.RemoteStackTrace);
    }

    [Fact]
    public void An_exception_inside_an_object_round_trips()
    {
        var result = RoundTrip.Of<object[]>([1, new TimeoutException("slow")]);

        Assert.Equal("slow", Assert.IsType<TimeoutException>(result[1]).Message);
    }

    static Exception Capture(Action action)
    {
        try
        {
            action();
        }
        catch (Exception e)
        {
            return e;
        }

        throw new InvalidOperationException("The action did not throw.");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static void ThrowingMethodOnTheRemoteSide() => throw new InvalidOperationException("the remote side failed");
}
