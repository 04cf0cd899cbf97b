using Orleans.Runtime;
using Orleans.Runtime.Placement;

namespace BigDL.Cluster.Placement;

/// <summary>Places activations of <see cref="SpreadPlacement"/> grains by <see cref="SpreadKey.Pick"/> over the compatible silos.</summary>
internal sealed class SpreadPlacementDirector : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var silos = context.GetCompatibleSilos(target);

        // An explicit hint (RequestContext PlacementHintKey) wins, as it does for Orleans' own directors.
        if (IPlacementDirector.GetPlacementHint(target.RequestContextData, silos) is { } hint)
        {
            return Task.FromResult(hint);
        }

        if (silos.Length == 0)
        {
            throw new OrleansException($"No active silo can host {target.GrainIdentity}; start a silo that has its grain class.");
        }

        // Sorted copy: Orleans does not promise an order, and every silo must index the same list.
        var sorted = silos.ToArray();
        Array.Sort(sorted);
        return Task.FromResult(SpreadKey.Pick(target.GrainIdentity.Key.ToString(), sorted));
    }
}
