namespace BigDL.Orleans.Membership;

/// <summary>The table of a cluster's silos that every silo reads and writes: one row per silo incarnation plus one table version.</summary>
/// <remarks>
/// <para>
/// The protocol is Orleans' optimistic concurrency. Every change a silo makes to membership (joining, becoming active,
/// voting a suspicion, declaring a silo dead, leaving) is a read-modify-write: read the table
/// (<see cref="ReadAllAsync"/> or <see cref="ReadRowAsync"/>), decide, then write with <see cref="InsertRowAsync"/> or
/// <see cref="UpdateRowAsync"/> passing <see cref="TableVersion.Next"/> of the version read, and for an update the row's
/// ETag as read. The write and the version bump happen atomically and only if neither the table version nor the row
/// changed since the read; otherwise nothing changes and the method returns false, and the silo reads again and
/// retries. So of several silos writing from the same snapshot exactly one wins, and every silo that sees a version
/// has seen every change up to it.
/// </para>
/// <para>
/// Heartbeats (<see cref="UpdateIAmAliveAsync"/>) are the exception: frequent and only ever written by the row's own
/// silo, they change one column unconditionally and bump neither the row ETag nor the table version.
/// </para>
/// <para>All rows belong to the cluster id the table was created for; tables of different clusters can share a store.</para>
/// </remarks>
public interface IMembershipTable
{
    /// <summary>Gets the cluster whose rows this table reads and writes.</summary>
    string ClusterId { get; }

    /// <summary>Creates the schema if allowed (else checks it exists) and the cluster's version row (version 0) if missing; idempotent and safe from several silos at once.</summary>
    /// <remarks>Call again after <see cref="DeleteMembershipTableEntriesAsync"/> of this cluster before writing: writes need the version row.</remarks>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>Reads every row of the cluster and the table version, in one consistent snapshot.</summary>
    /// <remarks>Before the version row exists the version is <c>(0, "")</c>, which no write can match.</remarks>
    Task<MembershipTableData> ReadAllAsync();

    /// <summary>Reads the row of <paramref name="address"/> (none when absent) and the table version, in one consistent snapshot.</summary>
    Task<MembershipTableData> ReadRowAsync(SiloAddress address);

    /// <summary>Inserts the row of a silo that is not in the table yet.</summary>
    /// <param name="entry">The new row.</param>
    /// <param name="newVersion">The version read plus one (<see cref="TableVersion.Next"/>): its number must be one more than the stored one, and its ETag the stored one.</param>
    /// <returns>True when the row was inserted and the version bumped; false, with nothing changed, when the address already has a row or the table version moved on.</returns>
    Task<bool> InsertRowAsync(MembershipEntry entry, TableVersion newVersion);

    /// <summary>Replaces a silo's row (every column, heartbeat included) and gives it a new ETag.</summary>
    /// <param name="entry">The new values; its address names the row.</param>
    /// <param name="rowETag">The row's ETag as read.</param>
    /// <param name="newVersion">The version read plus one (<see cref="TableVersion.Next"/>).</param>
    /// <returns>True when the row was replaced and the version bumped; false, with nothing changed, when the row is absent, its ETag differs or the table version moved on.</returns>
    Task<bool> UpdateRowAsync(MembershipEntry entry, string rowETag, TableVersion newVersion);

    /// <summary>Writes the heartbeat <see cref="MembershipEntry.IAmAliveTime"/> of <paramref name="entry"/>'s row and nothing else.</summary>
    /// <remarks>Unconditional; changes no ETag and no version; does nothing when the row is absent.</remarks>
    Task UpdateIAmAliveAsync(MembershipEntry entry);

    /// <summary>Deletes the rows of <see cref="SiloStatus.Dead"/> silos whose last heartbeat is before <paramref name="beforeDate"/>; returns how many.</summary>
    /// <remarks>The table version is not bumped: a dead row carries no decision another silo could be racing on.</remarks>
    Task<int> CleanupDefunctSiloEntriesAsync(DateTimeOffset beforeDate);

    /// <summary>Deletes every row and the version row of <paramref name="clusterId"/>, for tests and operators.</summary>
    Task DeleteMembershipTableEntriesAsync(string clusterId);
}
