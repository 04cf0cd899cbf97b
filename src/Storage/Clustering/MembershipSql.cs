using System.Data.Common;
using BigDL.Storage.Sql;

namespace BigDL.Storage.Clustering;

/// <summary>The membership protocol's statements for one cluster, shared by SQLite and PostgreSQL.</summary>
/// <remarks>
/// The callers own connections and transactions: a conditional write runs <see cref="TryBumpVersionAsync"/> and the row
/// write in one transaction that holds the write lock on the version row (SQLite: BEGIN IMMEDIATE; PostgreSQL: the
/// UPDATE's row lock), so the version check and the row write are one atomic step.
/// </remarks>
internal sealed class MembershipSql(SqlStore store, string clusterId)
{
    const string KeyFilter = "cluster_id = @cluster AND address = @address AND port = @port AND generation = @generation";

    const string ReadSql = $"""
        SELECT v.version, v.etag, {MembershipRows.EntryColumns}
        FROM bigdl_silo_versions v LEFT JOIN bigdl_silos m ON m.cluster_id = v.cluster_id
        WHERE v.cluster_id = @cluster
        """;

    const string ReadRowSql = $"""
        SELECT v.version, v.etag, {MembershipRows.EntryColumns}
        FROM bigdl_silo_versions v LEFT JOIN bigdl_silos m
            ON m.cluster_id = v.cluster_id AND m.address = @address AND m.port = @port AND m.generation = @generation
        WHERE v.cluster_id = @cluster
        """;

    /// <summary>Creates the cluster's version row at version 0 unless it exists.</summary>
    public async Task EnsureVersionRowAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, null,
            "INSERT INTO bigdl_silo_versions (cluster_id, version, etag) VALUES (@cluster, 0, @etag) ON CONFLICT DO NOTHING").With("etag", ETags.New());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Reads the cluster's rows (or one row) and version in one statement, hence one snapshot.</summary>
    public async Task<MembershipTableData> ReadAsync(DbConnection connection, SiloAddress? address, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, null, address is null ? ReadSql : ReadRowSql);
        if (address is not null)
        {
            AddAddress(command, address);
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await MembershipRows.ReadAsync(reader, store);
    }

    /// <summary>Moves the version from <c>version - 1</c> with the caller's ETag to <paramref name="tableVersion"/> with a fresh ETag; false when it is elsewhere.</summary>
    public async Task<bool> TryBumpVersionAsync(DbConnection connection, DbTransaction transaction, TableVersion tableVersion, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction,
            "UPDATE bigdl_silo_versions SET version = @version, etag = @newetag WHERE cluster_id = @cluster AND version = @expectedversion AND etag = @expectedetag")
            .With("version", tableVersion.Version)
            .With("expectedversion", tableVersion.Version - 1)
            .With("expectedetag", tableVersion.VersionEtag)
            .With("newetag", ETags.New());
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>Inserts <paramref name="entry"/> unless its address has a row; false when it has.</summary>
    public async Task<bool> TryInsertRowAsync(DbConnection connection, DbTransaction transaction, MembershipEntry entry, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, """
            INSERT INTO bigdl_silos (cluster_id, address, port, generation, silo_name, host_name, role_name, update_zone, fault_zone,
                status, proxy_port, start_time, iamalive_time, suspect_times, etag)
            VALUES (@cluster, @address, @port, @generation, @name, @host, @role, @updatezone, @faultzone,
                @status, @proxyport, @start, @alive, @suspects, @etag)
            ON CONFLICT DO NOTHING
            """);
        AddEntry(command, entry);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>Replaces the row of <paramref name="entry"/> if its ETag is <paramref name="rowETag"/>; false when it is absent or changed.</summary>
    public async Task<bool> TryUpdateRowAsync(DbConnection connection, DbTransaction transaction, MembershipEntry entry, string rowETag, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, $"""
            UPDATE bigdl_silos SET silo_name = @name, host_name = @host, role_name = @role, update_zone = @updatezone, fault_zone = @faultzone,
                status = @status, proxy_port = @proxyport, start_time = @start, iamalive_time = @alive, suspect_times = @suspects, etag = @etag
            WHERE {KeyFilter} AND etag = @expectedetag
            """);
        AddEntry(command, entry);
        command.With("expectedetag", rowETag);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>Writes the heartbeat alone: no version bump and no new ETag, as the protocol asks.</summary>
    public async Task UpdateIAmAliveAsync(DbConnection connection, MembershipEntry entry, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, null, $"UPDATE bigdl_silos SET iamalive_time = @alive WHERE {KeyFilter}");
        AddAddress(command, entry.SiloAddress);
        command.With("alive", store.WriteTime(StoredTime.Of(entry.IAmAliveTime)));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Deletes the rows of silos that are not active and have not sent a heartbeat since <paramref name="beforeDate"/>.</summary>
    public async Task<int> CleanupDefunctAsync(DbConnection connection, DateTimeOffset beforeDate, CancellationToken cancellationToken)
    {
        // Stored times are whole microseconds; rounding the date up to the next microsecond keeps "stored < date" exactly as
        // it is for the unrounded date.
        var ticks = beforeDate.UtcTicks;
        var before = new DateTime(Math.Min(ticks + ((10 - (ticks % 10)) % 10), DateTime.MaxValue.Ticks), DateTimeKind.Utc);
        await using var command = Command(connection, null, "DELETE FROM bigdl_silos WHERE cluster_id = @cluster AND status <> @active AND iamalive_time < @before")
            .With("active", (int)SiloStatus.Active)
            .With("before", store.WriteTime(before));
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Deletes a cluster's version row, then its rows; the version row first, so the order of locks matches the writers'.</summary>
    public static async Task DeleteClusterAsync(DbConnection connection, DbTransaction transaction, string cluster, CancellationToken cancellationToken)
    {
        foreach (var sql in new[] { "DELETE FROM bigdl_silo_versions WHERE cluster_id = @target", "DELETE FROM bigdl_silos WHERE cluster_id = @target" })
        {
            await using var command = connection.Command(sql, transaction).With("target", cluster);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql) =>
        connection.Command(sql, transaction).With("cluster", clusterId);

    void AddEntry(DbCommand command, MembershipEntry entry)
    {
        AddAddress(command, entry.SiloAddress);
        command.With("name", entry.SiloName ?? string.Empty)
            .With("host", entry.HostName ?? string.Empty)
            .With("role", entry.RoleName)
            .With("updatezone", entry.UpdateZone)
            .With("faultzone", entry.FaultZone)
            .With("status", (int)entry.Status)
            .With("proxyport", entry.ProxyPort)
            .With("start", store.WriteTime(StoredTime.Of(entry.StartTime)))
            .With("alive", store.WriteTime(StoredTime.Of(entry.IAmAliveTime)))
            .With("suspects", SuspectTimesJson.Write(entry.SuspectTimes))
            .With("etag", ETags.New());
    }

    static void AddAddress(DbCommand command, SiloAddress address) => command
        .With("address", address.Endpoint.Address.ToString())
        .With("port", address.Endpoint.Port)
        .With("generation", address.Generation);
}
