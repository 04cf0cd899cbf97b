using Orleans.Runtime;

namespace BigDL.Cluster.Placement;

/// <summary>
/// Spreads the members of a group evenly over the silos: the grain keyed <c>group/i</c> (i a non-negative integer) goes
/// to compatible silo <c>(hash(group) + i) mod N</c>; any other key goes to the silo its stable hash picks.
/// </summary>
/// <remarks>
/// A data-parallel job's replicas placed at random can all land on one silo (two replicas on two silos: one job in two).
/// Consecutive indices on consecutive silos put at most ceil(P/N) of P members on a silo, and members of different grain
/// types with the same key (replica s and shard s of a job) on the same silo. Registered by
/// <see cref="Hosting.SpreadPlacementExtensions.AddSpreadPlacement(Orleans.Hosting.ISiloBuilder)"/>.
/// </remarks>
[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("bigdl.spread-placement")]
public sealed class SpreadPlacement : PlacementStrategy
{
    internal static SpreadPlacement Singleton { get; } = new();
}
