using System.Runtime.InteropServices;
using BigDL.Cluster.Placement;
using BigDL.Cluster.Serialization;
using BigDL.Cluster.Tests.Grains;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Concurrency;
using Orleans.Runtime;
using Orleans.Serialization.Serializers;

namespace BigDL.Cluster.Tests.Hosting;

public sealed class ClusterTests(ThreeSiloCluster fixture) : IClassFixture<ThreeSiloCluster>
{
    const int FourMegabytes = 1 << 20; // floats

    IClusterClient Client => fixture.Cluster.Client;

    SiloAddress[] SortedSilos => [.. fixture.Cluster.Silos.Select(s => s.SiloAddress).Order()];

    static float[] Payload(int seed)
    {
        var values = new float[FourMegabytes];
        new Random(seed).NextBytes(MemoryMarshal.AsBytes(values.AsSpan()));
        values[0] = -0f;
        values[1] = float.NaN;
        values[2] = float.Epsilon;
        return values;
    }

    static void AssertSameBits(float[] expected, float[] actual) =>
        Assert.True(MemoryMarshal.AsBytes(expected.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(actual.AsSpan())), "the echoed floats differ");

    [Fact]
    public async Task Eight_replicas_on_three_silos_land_three_three_two_and_shard_s_sits_beside_replica_s()
    {
        var replicas = await Task.WhenAll(Enumerable.Range(0, 8).Select(p => Client.GetGrain<IReplicaProbeGrain>($"job-a/{p}").GetSilo()));
        var shards = await Task.WhenAll(Enumerable.Range(0, 4).Select(s => Client.GetGrain<IShardProbeGrain>($"job-a/{s}").GetSilo()));

        Assert.Equal([3, 3, 2], replicas.CountBy(s => s).Select(g => g.Value).OrderDescending());
        Assert.Equal(replicas.Take(4), shards);
        Assert.Equal(Enumerable.Range(0, 8).Select(p => SpreadKey.Pick($"job-a/{p}", SortedSilos)), replicas);
    }

    [Fact]
    public void Silos_and_client_resolve_the_raw_codec_for_float_arrays()
    {
        var providers = fixture.Cluster.Silos.Select(s => s.ServiceProvider).Append(Client.ServiceProvider);

        Assert.All(providers, services => Assert.IsType<RawArrayCodec<float>>(services.GetRequiredService<ICodecProvider>().GetCodec<float[]>()));
    }

    [Fact]
    public async Task A_four_megabyte_float_array_echoes_through_the_client_gateway_intact()
    {
        var values = Payload(1);
        var echo = Client.GetGrain<IEchoGrain>("echo-client/0");

        var immutable = await echo.Echo(new Immutable<float[]>(values));
        var bare = await echo.EchoArray(values);

        AssertSameBits(values, immutable.Value);
        AssertSameBits(values, bare);
    }

    [Fact]
    public async Task A_four_megabyte_float_array_echoes_silo_to_silo_intact()
    {
        var values = Payload(2);
        var first = Client.GetGrain<IEchoGrain>("echo-silo/0");
        var second = Client.GetGrain<IEchoGrain>("echo-silo/1");

        Assert.NotEqual(await first.GetSilo(), await second.GetSilo()); // spread: consecutive indices, different silos
        var relayed = await first.Relay("echo-silo/1", new Immutable<float[]>(values));

        AssertSameBits(values, relayed.Value);
    }
}
