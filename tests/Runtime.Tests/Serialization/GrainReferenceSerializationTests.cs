using System.Reflection;
using BigDL.Orleans.Serialization;

namespace BigDL.Orleans.Runtime.Tests.Serialization;

public class GrainReferenceSerializationTests
{
    readonly FakeActivator activator = new();

    [Fact]
    public void A_grain_reference_is_rebuilt_through_the_activator()
    {
        var serializer = new BinarySerializer(activator);
        var reference = (ITestGrain)activator.CreateReference(new GrainId("test", "alpha"), typeof(ITestGrain));

        var result = RoundTrip.Of(reference, serializer);

        Assert.Equal(reference, result);
        Assert.Equal(new GrainId("test", "alpha"), ((GrainReference)result).GrainId);
        Assert.Equal(2, activator.Created);
    }

    [Fact]
    public void A_grain_reference_inside_an_object_or_declared_as_object_round_trips()
    {
        var serializer = new BinarySerializer(activator);
        var reference = (ITestGrain)activator.CreateReference(new GrainId("test", "beta"), typeof(ITestGrain));

        var holder = RoundTrip.Of(new GrainHolder { Grain = reference, Label = "x" }, serializer);
        var boxed = RoundTrip.Of<object>(reference, serializer);

        Assert.Equal(reference, holder.Grain);
        Assert.Equal(reference, boxed);
    }

    [Fact]
    public void Reading_a_grain_reference_without_an_activator_fails_clearly()
    {
        var reference = (ITestGrain)activator.CreateReference(new GrainId("test", "gamma"), typeof(ITestGrain));
        var bytes = new BinarySerializer(activator).SerializeToArray(reference);

        var error = Assert.Throws<GrainSerializationException>(() => new BinarySerializer().Deserialize<ITestGrain>(bytes));

        Assert.Contains(nameof(IGrainReferenceActivator), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_grain_object_itself_cannot_be_serialized()
    {
        var error = Assert.Throws<GrainSerializationException>(() => RoundTrip.Bytes<object>(new NotAReference()));

        Assert.Contains("grain reference", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_reference_through_a_non_grain_interface_is_refused()
    {
        var bytes = new Payload().Byte(Payload.GrainReference).String("test").String("k").NamedType(typeof(IDisposable)).ToArray();

        Assert.Throws<GrainSerializationException>(() => RoundTrip.Serializer.Deserialize<object>(bytes));
    }

    sealed class NotAReference : ITestGrain
    {
        public Task<int> PingAsync() => Task.FromResult(1);
    }

    [Fact]
    public void The_fake_activator_builds_real_dispatch_proxies()
    {
        var reference = activator.CreateReference(new GrainId("test", "k"), typeof(ITestGrain));

        Assert.IsAssignableFrom<DispatchProxy>(reference);
        Assert.IsAssignableFrom<ITestGrain>(reference);
    }
}
