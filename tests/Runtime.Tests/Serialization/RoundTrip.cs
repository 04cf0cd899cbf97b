using System.Buffers;
using BigDL.Orleans.Serialization;

namespace BigDL.Orleans.Runtime.Tests.Serialization;

internal static class RoundTrip
{
    public static BinarySerializer Serializer { get; } = new(new FakeActivator());

    public static T Of<T>(T value, BinarySerializer? serializer = null)
    {
        serializer ??= Serializer;
        var output = new ArrayBufferWriter<byte>();
        serializer.Serialize(value, output);
        return serializer.Deserialize<T>(output.WrittenMemory);
    }

    public static byte[] Bytes<T>(T value) => Serializer.SerializeToArray(value);
}
