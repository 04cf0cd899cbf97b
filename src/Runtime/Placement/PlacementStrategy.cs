using BigDL.Orleans.Membership;

namespace BigDL.Orleans.Placement;

/// <summary>What placement sees of the cluster: which silos can host a grain type, and how loaded they are.</summary>
internal interface IPlacementContext
{
    /// <summary>Gets this silo.</summary>
    SiloAddress LocalSilo { get; }

    /// <summary>Returns the active silos that host <paramref name="grainType"/>, in a stable order; never empty when called.</summary>
    IReadOnlyList<SiloAddress> GetCompatibleSilos(string grainType);

    /// <summary>Returns the last known activation count of <paramref name="silo"/>.</summary>
    int GetActivationCount(SiloAddress silo);
}

/// <summary>The grain being placed and the silo whose call caused the activation.</summary>
internal readonly record struct PlacementTarget(GrainId GrainId, SiloAddress? RequestSource);

/// <summary>A rule that picks the silo for a new activation.</summary>
internal abstract class PlacementStrategy
{
    public abstract SiloAddress Pick(PlacementTarget target, IPlacementContext context);

    protected static IReadOnlyList<SiloAddress> Candidates(PlacementTarget target, IPlacementContext context)
    {
        var silos = context.GetCompatibleSilos(target.GrainId.Type);
        return silos.Count > 0
            ? silos
            : throw new InvalidOperationException($"No active silo hosts grain type '{target.GrainId.Type}'; start a silo that has its assembly.");
    }
}

/// <summary>Uniformly random.</summary>
internal sealed class RandomPlacement : PlacementStrategy
{
    public static readonly RandomPlacement Instance = new();

    public override SiloAddress Pick(PlacementTarget target, IPlacementContext context)
    {
        var silos = Candidates(target, context);
        return silos[Random.Shared.Next(silos.Count)];
    }
}

/// <summary>The silo at the grain's stable hash modulo the number of compatible silos.</summary>
internal sealed class HashBasedPlacement : PlacementStrategy
{
    public static readonly HashBasedPlacement Instance = new();

    public override SiloAddress Pick(PlacementTarget target, IPlacementContext context)
    {
        var silos = Candidates(target, context);
        return silos[(int)(target.GrainId.GetUniformHashCode() % (uint)silos.Count)];
    }
}

/// <summary>The calling silo if it can host the grain, else random.</summary>
internal sealed class PreferLocalPlacement : PlacementStrategy
{
    public static readonly PreferLocalPlacement Instance = new();

    public override SiloAddress Pick(PlacementTarget target, IPlacementContext context)
    {
        var silos = Candidates(target, context);
        var preferred = target.RequestSource ?? context.LocalSilo;
        return silos.Contains(preferred) ? preferred : RandomPlacement.Instance.Pick(target, context);
    }
}

/// <summary>Power of two choices: two random silos, the one with fewer activations wins (Mitzenmacher 2001).</summary>
/// <remarks>Sampling two instead of scanning all keeps placement O(1) and avoids every silo piling onto the one least-loaded silo from stale statistics.</remarks>
internal sealed class ActivationCountBasedPlacement : PlacementStrategy
{
    public static readonly ActivationCountBasedPlacement Instance = new();

    public override SiloAddress Pick(PlacementTarget target, IPlacementContext context)
    {
        var silos = Candidates(target, context);
        if (silos.Count == 1)
        {
            return silos[0];
        }

        // Two distinct indices: draw the second from n - 1 slots and skip over the first.
        var a = Random.Shared.Next(silos.Count);
        var b = Random.Shared.Next(silos.Count - 1);
        if (b >= a)
        {
            b++;
        }

        return context.GetActivationCount(silos[b]) < context.GetActivationCount(silos[a]) ? silos[b] : silos[a];
    }
}

/// <summary>
/// Spreads the members of a group evenly: a key <c>group/i</c> with an integer <c>i</c> goes to compatible silo
/// <c>(hash(group) + i) mod N</c>; other keys are placed by hash.
/// </summary>
/// <remarks>
/// A data-parallel job's replicas (<c>job/0</c> ... <c>job/P-1</c>) placed at random can all land on one silo (P = 2 on
/// two silos: one job in two); consecutive indices on consecutive silos put ceil(P/N) at most on any silo, and members of
/// different grain types with the same index (replica p, shard p) on the same silo. Silos list in the same order
/// everywhere, so every directory owner computes the same spread.
/// </remarks>
internal sealed class SpreadPlacement : PlacementStrategy
{
    public static readonly SpreadPlacement Instance = new();

    public override SiloAddress Pick(PlacementTarget target, IPlacementContext context)
    {
        if (!TrySplit(target.GrainId.Key, out var group, out var index))
        {
            return HashBasedPlacement.Instance.Pick(target, context);
        }

        var silos = Candidates(target, context);
        var start = new GrainId(string.Empty, group).GetUniformHashCode() % (uint)silos.Count;
        return silos[(int)((start + (ulong)index) % (uint)silos.Count)];
    }

    /// <summary>Splits <c>group/i</c> at its last slash; false when there is none or <c>i</c> is not a non-negative integer.</summary>
    internal static bool TrySplit(string key, out string group, out long index)
    {
        var slash = key.LastIndexOf('/');
        group = slash > 0 ? key[..slash] : string.Empty;
        index = 0;
        return slash > 0
            && long.TryParse(key.AsSpan(slash + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out index);
    }
}
