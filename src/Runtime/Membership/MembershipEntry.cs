namespace BigDL.Orleans.Membership;

/// <summary>One silo's row in the membership table: who it is, its status, its last heartbeat and the suspicions against it.</summary>
/// <remarks>
/// Equality compares every member, <see cref="SuspectTimes"/> element by element in order. Times are UTC; the tables
/// keep them to the microsecond (PostgreSQL's precision), so an entry read back equals the written one when its times
/// carry no finer ticks.
/// </remarks>
public sealed record MembershipEntry
{
    /// <summary>Gets the silo's address, the row's key.</summary>
    public required SiloAddress SiloAddress { get; init; }

    /// <summary>Gets the silo's configured name (for people and dashboards).</summary>
    public string SiloName { get; init; } = string.Empty;

    /// <summary>Gets the machine name the silo runs on.</summary>
    public string HostName { get; init; } = string.Empty;

    /// <summary>Gets the silo's status.</summary>
    public SiloStatus Status { get; init; }

    /// <summary>Gets the port clients connect to, or 0 when the silo is no gateway.</summary>
    public int GatewayPort { get; init; }

    /// <summary>Gets when the silo started (UTC).</summary>
    public DateTime StartTime { get; init; }

    /// <summary>Gets the silo's last heartbeat (UTC), written by <see cref="IMembershipTable.UpdateIAmAliveAsync"/>.</summary>
    public DateTime IAmAliveTime { get; init; }

    /// <summary>Gets the votes other silos cast that this one is dead, oldest first.</summary>
    public IReadOnlyList<SuspectVote> SuspectTimes { get; init; } = [];

    /// <summary>Whether both entries hold the same values, suspicions compared in order.</summary>
    public bool Equals(MembershipEntry? other) =>
        other is not null &&
        SiloAddress == other.SiloAddress &&
        string.Equals(SiloName, other.SiloName, StringComparison.Ordinal) &&
        string.Equals(HostName, other.HostName, StringComparison.Ordinal) &&
        Status == other.Status &&
        GatewayPort == other.GatewayPort &&
        StartTime == other.StartTime &&
        IAmAliveTime == other.IAmAliveTime &&
        SuspectTimes.SequenceEqual(other.SuspectTimes);

    /// <summary>A hash of the key and status; equal entries hash alike.</summary>
    public override int GetHashCode() => HashCode.Combine(SiloAddress, Status, IAmAliveTime, SuspectTimes.Count);
}
