using System.Globalization;
using Orleans;
using Orleans.Runtime;

namespace BigDL.Cluster.Placement;

/// <summary>The pure rule behind <see cref="SpreadPlacement"/>: which of a stably ordered list of silos a key goes to.</summary>
internal static class SpreadKey
{
    /// <summary>Picks the silo for <paramref name="key"/> from <paramref name="sortedSilos"/>, which every silo must order alike.</summary>
    public static SiloAddress Pick(string key, IReadOnlyList<SiloAddress> sortedSilos)
    {
        var count = (uint)sortedSilos.Count;

        // StableHash (XxHash32 of the UTF-16 code units), not string.GetHashCode: the latter is randomised per process,
        // and every silo that places a member of the group must compute the same start.
        var slot = TrySplit(key, out var group, out var index)
            ? (StableHash.ComputeHash(group) % count + index % count) % count
            : StableHash.ComputeHash(key) % (ulong)count;
        return sortedSilos[(int)slot];
    }

    /// <summary>Splits <c>group/i</c> at its last slash; false when there is none, the group is empty, or <c>i</c> is not a non-negative integer.</summary>
    public static bool TrySplit(string key, out string group, out ulong index)
    {
        var slash = key.LastIndexOf('/');
        group = slash > 0 ? key[..slash] : string.Empty;
        index = 0;
        return slash > 0
            && ulong.TryParse(key.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out index);
    }
}
