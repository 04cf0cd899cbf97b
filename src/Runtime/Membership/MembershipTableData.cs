using System.Diagnostics.CodeAnalysis;

namespace BigDL.Orleans.Membership;

/// <summary>A consistent snapshot of a cluster's membership rows, each with its row ETag, and the table version they were read at.</summary>
/// <remarks>Equality compares the version and the rows, in order.</remarks>
/// <param name="Members">The rows, ordered by <see cref="SiloAddress"/>.</param>
/// <param name="Version">The table version read in the same snapshot as <paramref name="Members"/>.</param>
public sealed record MembershipTableData(IReadOnlyList<(MembershipEntry Entry, string ETag)> Members, TableVersion Version)
{
    /// <summary>Finds the row of <paramref name="address"/>; false when the snapshot holds none.</summary>
    public bool TryGet(SiloAddress address, [NotNullWhen(true)] out MembershipEntry? entry, [NotNullWhen(true)] out string? eTag)
    {
        foreach (var (candidate, candidateETag) in Members)
        {
            if (candidate.SiloAddress == address)
            {
                (entry, eTag) = (candidate, candidateETag);
                return true;
            }
        }

        (entry, eTag) = (null, null);
        return false;
    }

    /// <summary>Whether both snapshots hold the same version and the same rows with the same ETags, in the same order.</summary>
    public bool Equals(MembershipTableData? other) =>
        other is not null && Version == other.Version && Members.SequenceEqual(other.Members);

    /// <summary>A hash of the version and the row count; equal snapshots hash alike.</summary>
    public override int GetHashCode() => HashCode.Combine(Version, Members.Count);
}
