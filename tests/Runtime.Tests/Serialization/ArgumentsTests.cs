using System.Buffers;
using BigDL.Orleans.Serialization;

namespace BigDL.Orleans.Runtime.Tests.Serialization;

public class ArgumentsTests
{
    static readonly Type[] Signature = [typeof(List<int>), typeof(IReadOnlyList<int>), typeof(string), typeof(int), typeof(Shape)];

    static object?[] Arguments()
    {
        var shared = new List<int> { 1, 2 };
        return [shared, shared, "name", 7, new Circle(2)];
    }

    [Fact]
    public void Arguments_round_trip_as_one_payload_keeping_objects_shared_between_them()
    {
        var output = new ArrayBufferWriter<byte>();

        RoundTrip.Serializer.SerializeArguments(Arguments(), Signature, output);
        var result = RoundTrip.Serializer.DeserializeArguments(output.WrittenSpan, Signature);

        Assert.Equal([1, 2], (List<int>)result[0]!);
        Assert.Same(result[0], result[1]);
        Assert.Equal(("name", 7, new Circle(2)), ((string)result[2]!, (int)result[3]!, (Shape)result[4]!));
    }

    [Fact]
    public void Arguments_read_against_another_signature_are_refused()
    {
        var output = new ArrayBufferWriter<byte>();
        RoundTrip.Serializer.SerializeArguments(Arguments(), Signature, output);

        var error = Assert.Throws<GrainSerializationException>(() => RoundTrip.Serializer.DeserializeArguments(output.WrittenSpan, Signature.AsSpan(0, 4)));

        Assert.Contains("5 arguments", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_arguments_payload_throws_a_clear_error()
    {
        var output = new ArrayBufferWriter<byte>();
        RoundTrip.Serializer.SerializeArguments(Arguments(), Signature, output);
        var bytes = output.WrittenSpan.ToArray();

        for (var length = 0; length < bytes.Length; length++)
        {
            Assert.Throws<GrainSerializationException>(() => RoundTrip.Serializer.DeserializeArguments(bytes.AsSpan(0, length), Signature));
        }
    }

    [Fact]
    public void An_argument_that_does_not_match_its_declared_type_is_rejected_when_writing()
    {
        Assert.Throws<ArgumentException>(() => RoundTrip.Serializer.SerializeArguments(["text"], [typeof(int)], new ArrayBufferWriter<byte>()));
    }

    [Fact]
    public void Copied_arguments_keep_objects_shared_between_them_and_are_independent_of_the_originals()
    {
        var arguments = Arguments();
        var original = (List<int>)arguments[0]!;

        DeepCopier.Shared.CopyArguments(arguments);
        original.Add(3);

        Assert.NotSame(original, arguments[0]);
        Assert.Same(arguments[0], arguments[1]);
        Assert.Equal([1, 2], (List<int>)arguments[0]!);
        Assert.Equal("name", arguments[2]);
    }
}
