using Orleans.Placement;

namespace BigDL.Cluster.Placement;

/// <summary>Places the grain class with <see cref="SpreadPlacement"/>: keys <c>group/0</c>, <c>group/1</c>, ... on consecutive silos.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class SpreadPlacementAttribute : PlacementAttribute
{
    public SpreadPlacementAttribute()
        : base(SpreadPlacement.Singleton)
    {
    }
}
