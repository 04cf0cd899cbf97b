using BigDL.Cluster.Placement;
using Orleans.Runtime;

namespace BigDL.Cluster.Tests.Grains;

/// <summary>Says which silo its activation lives on.</summary>
public interface ISiloProbe : IGrainWithStringKey
{
    Task<SiloAddress> GetSilo();
}

/// <summary>Stands for a job's model replica, keyed <c>job/replica</c>.</summary>
public interface IReplicaProbeGrain : ISiloProbe;

/// <summary>Stands for a job's parameter shard, keyed <c>job/shard</c>.</summary>
public interface IShardProbeGrain : ISiloProbe;

[SpreadPlacement]
public sealed class ReplicaProbeGrain(ILocalSiloDetails silo) : Grain, IReplicaProbeGrain
{
    public Task<SiloAddress> GetSilo() => Task.FromResult(silo.SiloAddress);
}

[SpreadPlacement]
public sealed class ShardProbeGrain(ILocalSiloDetails silo) : Grain, IShardProbeGrain
{
    public Task<SiloAddress> GetSilo() => Task.FromResult(silo.SiloAddress);
}
