using System.Runtime.InteropServices;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Concurrency;
using Orleans.Serialization;
using Orleans.Serialization.Cloning;

namespace BigDL.Cluster.Tests.Serialization;

public sealed class RawArrayCodecRoundTripTests : IDisposable
{
    readonly ServiceProvider services = SerializerServices.Build(rawArrays: true);

    static readonly float[] SpecialFloats =
    [
        float.NaN, BitConverter.Int32BitsToSingle(0x7FC0_1234), BitConverter.Int32BitsToSingle(unchecked((int)0xFF80_0001)),
        -0f, 0f, float.Epsilon, -float.Epsilon, 1e-40f, float.PositiveInfinity, float.NegativeInfinity,
        float.MaxValue, float.MinValue, 1f, -1.5f,
    ];

    static readonly double[] SpecialDoubles =
    [
        double.NaN, BitConverter.Int64BitsToDouble(0x7FF8_0000_0000_1234), -0d, double.Epsilon, 1e-310,
        double.PositiveInfinity, double.NegativeInfinity, double.MaxValue, double.MinValue,
    ];

    public void Dispose() => services.Dispose();

    static void AssertSameBits<T>(T[] expected, T[]? actual)
        where T : unmanaged
    {
        Assert.NotNull(actual);
        Assert.Equal(MemoryMarshal.AsBytes(expected.AsSpan()).ToArray(), MemoryMarshal.AsBytes(actual.AsSpan()).ToArray());
    }

    [Fact]
    public void NaN_payloads_negative_zero_subnormals_and_infinities_survive_bit_for_bit()
    {
        AssertSameBits(SpecialFloats, services.RoundTrip(SpecialFloats));
        AssertSameBits(SpecialDoubles, services.RoundTrip(SpecialDoubles));
        AssertSameBits([int.MinValue, -1, 0, 1, int.MaxValue], services.RoundTrip<int[]>([int.MinValue, -1, 0, 1, int.MaxValue]));
        AssertSameBits([long.MinValue, -1, 0, long.MaxValue], services.RoundTrip<long[]>([long.MinValue, -1, 0, long.MaxValue]));
    }

    [Fact]
    public void Null_stays_null_and_empty_stays_empty()
    {
        Assert.Null(services.RoundTrip<float[]?>(null));
        Assert.Empty(services.RoundTrip<float[]>([])!);
        Assert.Empty(services.RoundTrip<double[]>([])!);
        Assert.Null(services.RoundTrip(new Immutable<float[]?>(null)).Value);
    }

    [Fact]
    public void A_million_floats_round_trip_as_four_megabytes_of_raw_little_endian_bytes()
    {
        var values = new float[1_000_000];
        new Random(7).NextBytes(MemoryMarshal.AsBytes(values.AsSpan()));
        var serializer = services.GetRequiredService<Serializer<float[]>>();

        var bytes = serializer.SerializeToArray(values);

        Assert.InRange(bytes.Length, 4_000_000, 4_000_016); // the payload plus a header and a length, nothing per element
        Assert.True(SerializerServices.ContainsRawRun(bytes, values));
        AssertSameBits(values, serializer.Deserialize(bytes));
    }

    [Fact]
    public void Immutable_arrays_inside_a_generated_record_use_the_raw_codec_and_round_trip()
    {
        var values = Enumerable.Range(0, 1000).Select(i => MathF.Sin(i) * 1e-39f).Append(-0f).Append(float.NaN).ToArray();
        var chunk = new Chunk(3, new(values), new([1f, 2f]), new([0, 10, 20]), new(SpecialDoubles), new([long.MaxValue]));
        var serializer = services.GetRequiredService<Serializer<Chunk>>();

        var bytes = serializer.SerializeToArray(chunk);
        var back = serializer.Deserialize(bytes);

        Assert.NotNull(back);
        Assert.True(SerializerServices.ContainsRawRun(bytes, values));
        Assert.True(SerializerServices.ContainsRawRun(bytes, SpecialDoubles));
        Assert.Equal(3, back.Step);
        AssertSameBits(values, back.Values.Value);
        AssertSameBits([1f, 2f], back.Again.Value);
        AssertSameBits([0, 10, 20], back.Ranges!.Value.Value);
        AssertSameBits(SpecialDoubles, back.Losses.Value);
        AssertSameBits([long.MaxValue], back.Steps.Value);
    }

    [Fact]
    public void An_array_sent_twice_in_one_message_is_written_once_and_read_back_as_one_array()
    {
        var values = Enumerable.Range(0, 10_000).Select(i => (float)i).ToArray();
        var serializer = services.GetRequiredService<Serializer<Chunk>>();

        var bytes = serializer.SerializeToArray(new Chunk(1, new(values), new(values), null, new([]), new([])));
        var back = serializer.Deserialize(bytes);

        Assert.NotNull(back);
        Assert.InRange(bytes.Length, 40_000, 60_000); // once, not twice
        Assert.Same(back.Values.Value, back.Again.Value);
        Assert.Null(back.Ranges);
        AssertSameBits(values, back.Again.Value);
    }

    [Fact]
    public void A_bare_float_array_member_of_a_generated_record_still_goes_through_orleans_own_array_codec()
    {
        // Documents the reach of the override: Orleans' generated code names ArrayCodec<float> for anything declared
        // float[], so only Immutable<float[]> (or a generic or object-typed value) reaches our codec. If this starts
        // failing, Orleans began resolving such members through the codec provider and the remark in
        // RawArrayCodecExtensions is out of date.
        var values = Enumerable.Range(0, 1000).Select(i => (float)i).ToArray();

        var bytes = services.GetRequiredService<Serializer<BareArray>>().SerializeToArray(new BareArray(values));

        Assert.False(SerializerServices.ContainsRawRun(bytes, values));
        AssertSameBits(values, services.RoundTrip(new BareArray(values))?.Values);
    }

    [Fact]
    public void Deep_copies_are_new_arrays_with_the_same_bits_and_keep_aliasing()
    {
        var copier = services.GetRequiredService<DeepCopier>();
        var values = (float[])SpecialFloats.Clone();

        var copy = copier.Copy(values);
        var pair = copier.Copy(new object[] { values, values });

        Assert.NotSame(values, copy);
        AssertSameBits(values, copy);
        Assert.Same(pair[0], pair[1]);
        Assert.NotSame(values, pair[0]);
        Assert.Null(copier.Copy<float[]?>(null));
    }
}
