using System.Buffers;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Serialization.Buffers;
using Orleans.Serialization.Session;
using Orleans.Serialization.WireProtocol;

namespace BigDL.Cluster.Tests.Serialization;

public sealed class RawArrayCodecHostileInputTests : IDisposable
{
    readonly ServiceProvider services = SerializerServices.Build(rawArrays: true);

    public void Dispose() => services.Dispose();

    /// <summary>A float[] field that declares <paramref name="declaredBytes"/> and carries <paramref name="actualBytes"/>.</summary>
    byte[] Field(uint declaredBytes, int actualBytes)
    {
        using var session = services.GetRequiredService<SerializerSessionPool>().GetSession();
        var output = new ArrayBufferWriter<byte>();
        var writer = Writer.Create(output, session);
        writer.WriteFieldHeader(0, typeof(float[]), typeof(float[]), WireType.LengthPrefixed);
        writer.WriteVarUInt32(declaredBytes);
        writer.Write(new byte[actualBytes]);
        writer.Commit();
        return output.WrittenSpan.ToArray();
    }

    float[]? Read(byte[] bytes) => services.GetRequiredService<Serializer<float[]>>().Deserialize(bytes);

    [Fact]
    public void A_well_formed_field_written_by_hand_reads_back()
    {
        Assert.Equal(new float[4], Read(Field(16, 16)));
    }

    [Fact]
    public void A_length_beyond_the_bytes_left_is_refused_before_allocating()
    {
        var error = Assert.Throws<SerializerException>(() => Read(Field(1_000_000, 16)));
        Assert.Contains("declares 1000000 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_negative_length_is_refused()
    {
        // A writer that put -4 into the unsigned length field sends 0xFFFFFFFC.
        var error = Assert.Throws<SerializerException>(() => Read(Field(unchecked((uint)-4), 16)));
        Assert.Contains("declares 4294967292 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_length_that_is_not_a_whole_number_of_elements_is_refused()
    {
        var error = Assert.Throws<SerializerException>(() => Read(Field(15, 16)));
        Assert.Contains("multiple of 4", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_array_written_elementwise_by_a_peer_without_the_codec_is_still_read()
    {
        using var plain = SerializerServices.Build(rawArrays: false);
        float[] values = [1f, float.NaN, -0f, 3.5f];

        var bytes = plain.GetRequiredService<Serializer<float[]>>().SerializeToArray(values);

        Assert.False(SerializerServices.ContainsRawRun(bytes, values));
        Assert.Equal(values, Read(bytes));
    }
}
