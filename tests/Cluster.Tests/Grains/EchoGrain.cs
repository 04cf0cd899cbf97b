using BigDL.Cluster.Placement;
using Orleans.Concurrency;
using Orleans.Runtime;

namespace BigDL.Cluster.Tests.Grains;

/// <summary>Sends float payloads back, directly or through another echo grain on another silo.</summary>
public interface IEchoGrain : ISiloProbe
{
    Task<Immutable<float[]>> Echo(Immutable<float[]> values);

    Task<float[]> EchoArray(float[] values);

    /// <summary>Has the grain keyed <paramref name="otherKey"/> echo <paramref name="values"/> and returns its answer.</summary>
    Task<Immutable<float[]>> Relay(string otherKey, Immutable<float[]> values);
}

// Spread so that echo/0 and echo/1 sit on different silos and a relay between them crosses TCP.
[SpreadPlacement]
public sealed class EchoGrain(ILocalSiloDetails silo) : Grain, IEchoGrain
{
    public Task<SiloAddress> GetSilo() => Task.FromResult(silo.SiloAddress);

    public Task<Immutable<float[]>> Echo(Immutable<float[]> values) => Task.FromResult(values);

    public Task<float[]> EchoArray(float[] values) => Task.FromResult(values);

    public Task<Immutable<float[]>> Relay(string otherKey, Immutable<float[]> values) =>
        GrainFactory.GetGrain<IEchoGrain>(otherKey).Echo(values);
}
