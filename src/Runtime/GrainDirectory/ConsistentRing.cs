using System.Text;
using BigDL.Orleans.Membership;

namespace BigDL.Orleans.GrainDirectory;

/// <summary>The hash ring over active silos: which silo owns a grain's directory entry and which reminder ranges a silo serves.</summary>
/// <remarks>
/// Each silo takes <see cref="VirtualNodesPerSilo"/> points on the ring (hashes of its address and an index), so ownership
/// is spread evenly and a joining or leaving silo moves only about 1/n of the entries. A point owns the range from the
/// previous point (exclusive) to itself (inclusive).
/// </remarks>
internal sealed class ConsistentRing
{
    /// <summary>Points per silo: 30 keeps the largest share within about 1.5x of the mean for small clusters.</summary>
    public const int VirtualNodesPerSilo = 30;

    readonly uint[] points;
    readonly SiloAddress[] owners;

    public ConsistentRing(IEnumerable<SiloAddress> silos)
    {
        Silos = [.. silos.Distinct().Order()];
        var ring = Silos
            .SelectMany(s => Enumerable.Range(0, VirtualNodesPerSilo).Select(i => (Point: Hash($"{s}#{i}"), Silo: s)))
            .OrderBy(p => p.Point).ThenBy(p => p.Silo)
            .ToArray();
        points = [.. ring.Select(p => p.Point)];
        owners = [.. ring.Select(p => p.Silo)];
    }

    /// <summary>Gets the silos on the ring, in address order.</summary>
    public IReadOnlyList<SiloAddress> Silos { get; }

    /// <summary>Returns the silo owning <paramref name="hash"/>: the first point at or after it, wrapping around.</summary>
    /// <exception cref="InvalidOperationException">The ring has no silos.</exception>
    public SiloAddress Owner(uint hash)
    {
        if (points.Length == 0)
        {
            throw new InvalidOperationException("The ring is empty: no silo is active.");
        }

        var index = Array.BinarySearch(points, hash);
        if (index < 0)
        {
            index = ~index;
        }

        return owners[index == points.Length ? 0 : index];
    }

    /// <summary>Returns the silo owning <paramref name="grainId"/>'s directory entry.</summary>
    public SiloAddress Owner(GrainId grainId) => Owner(grainId.GetUniformHashCode());

    /// <summary>Returns the ranges <c>(begin, end]</c> that <paramref name="silo"/> owns; a range with begin ≥ end wraps past zero.</summary>
    public IReadOnlyList<(uint Begin, uint End)> RangesOf(SiloAddress silo)
    {
        if (points.Length == 0)
        {
            return [];
        }

        if (Silos.Count == 1)
        {
            return Silos[0] == silo ? [(0u, 0u)] : []; // begin == end: the whole ring, as IReminderTable reads it
        }

        var ranges = new List<(uint, uint)>();
        for (var i = 0; i < points.Length; i++)
        {
            if (owners[i] == silo)
            {
                var previous = points[(i - 1 + points.Length) % points.Length];
                ranges.Add((previous, points[i]));
            }
        }

        return ranges;
    }

    static uint Hash(string text)
    {
        // The same stable FNV-1a as GrainId uses, then a murmur finaliser: FNV alone clusters similar strings ("a#1", "a#2").
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash = (hash ^ b) * 16777619u;
        }

        hash ^= hash >> 16;
        hash *= 0x85ebca6b;
        hash ^= hash >> 13;
        hash *= 0xc2b2ae35;
        hash ^= hash >> 16;
        return hash;
    }
}
