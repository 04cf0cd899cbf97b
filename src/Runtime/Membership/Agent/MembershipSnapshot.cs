namespace BigDL.Orleans.Membership;

/// <summary>One silo's view of the cluster at one table version.</summary>
public sealed class MembershipSnapshot
{
    /// <summary>Creates a snapshot from table rows.</summary>
    public MembershipSnapshot(IEnumerable<MembershipEntry> members, int version)
    {
        Members = members.ToDictionary(m => m.SiloAddress);
        Version = version;
        ActiveSilos = [.. Members.Values.Where(m => m.Status == SiloStatus.Active).Select(m => m.SiloAddress).Order()];
    }

    /// <summary>Gets the empty view a silo has before it reads the table.</summary>
    public static MembershipSnapshot Empty { get; } = new([], -1);

    /// <summary>Gets every row, by silo.</summary>
    public IReadOnlyDictionary<SiloAddress, MembershipEntry> Members { get; }

    /// <summary>Gets the table version the view was read at.</summary>
    public int Version { get; }

    /// <summary>Gets the active silos in address order.</summary>
    public IReadOnlyList<SiloAddress> ActiveSilos { get; }

    /// <summary>Returns the status of <paramref name="silo"/>, or <see cref="SiloStatus.None"/> when it has no row.</summary>
    public SiloStatus StatusOf(SiloAddress silo) => Members.TryGetValue(silo, out var entry) ? entry.Status : SiloStatus.None;
}
