using System.Data.Common;
using BigDL.Orleans.Storage;

namespace BigDL.Orleans.Membership;

/// <summary>The membership protocol's SQL, shared by the SQLite and PostgreSQL tables (both accept <c>@name</c> parameters and <c>ON CONFLICT</c>).</summary>
/// <remarks>
/// The callers own connections and transactions: the conditional writes run <see cref="TryBumpVersionAsync"/> and the
/// row write in one transaction that holds the write lock on the version row (SQLite: BEGIN IMMEDIATE; PostgreSQL: the
/// UPDATE's row lock), so the version check and the row write are one atomic step.
/// </remarks>
/// <param name="clusterId">The cluster every statement is scoped to.</param>
/// <param name="timesAsText">True for SQLite, which stores times as ISO 8601 text; PostgreSQL takes <see cref="DateTime"/> for timestamptz.</param>
internal sealed class MembershipSqlCommands(string clusterId, bool timesAsText)
{
    const string KeyFilter = "cluster_id = @cluster AND address = @address AND port = @port AND generation = @generation";

    const string ReadSql = $"""
        SELECT v.version, v.etag, {MembershipRows.EntryColumns}
        FROM bigdl_membership_version v LEFT JOIN bigdl_membership m ON m.cluster_id = v.cluster_id
        WHERE v.cluster_id = @cluster
        """;

    const string ReadRowSql = $"""
        SELECT v.version, v.etag, {MembershipRows.EntryColumns}
        FROM bigdl_membership_version v LEFT JOIN bigdl_membership m
            ON m.cluster_id = v.cluster_id AND m.address = @address AND m.port = @port AND m.generation = @generation
        WHERE v.cluster_id = @cluster
        """;

    /// <summary>Creates the cluster's version row at version 0 unless it exists.</summary>
    public async Task EnsureVersionRowAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, null, "INSERT INTO bigdl_membership_version (cluster_id, version, etag) VALUES (@cluster, 0, @etag) ON CONFLICT DO NOTHING");
        Add(command, "etag", ETag.New());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Reads the cluster's rows (or one row) and version in one statement, hence one snapshot.</summary>
    public async Task<MembershipTableData> ReadAsync(DbConnection connection, SiloAddress? address)
    {
        await using var command = Command(connection, null, address is null ? ReadSql : ReadRowSql);
        if (address is not null)
        {
            AddAddress(command, address);
        }

        await using var reader = await command.ExecuteReaderAsync();
        return await MembershipRows.ReadAsync(reader, ReadTime);
    }

    /// <summary>Moves the version from <c>newVersion - 1</c> with the given ETag to <paramref name="newVersion"/> with a fresh ETag; false when it is elsewhere.</summary>
    public async Task<bool> TryBumpVersionAsync(DbConnection connection, DbTransaction transaction, TableVersion newVersion)
    {
        await using var command = Command(connection, transaction,
            "UPDATE bigdl_membership_version SET version = @version, etag = @newetag WHERE cluster_id = @cluster AND version = @expectedversion AND etag = @expectedetag");
        Add(command, "version", newVersion.Version);
        Add(command, "expectedversion", newVersion.Version - 1);
        Add(command, "expectedetag", newVersion.ETag);
        Add(command, "newetag", ETag.New());
        return await command.ExecuteNonQueryAsync() == 1;
    }

    /// <summary>Inserts <paramref name="entry"/> unless its address has a row; false when it has.</summary>
    public async Task<bool> TryInsertRowAsync(DbConnection connection, DbTransaction transaction, MembershipEntry entry)
    {
        await using var command = Command(connection, transaction, """
            INSERT INTO bigdl_membership (cluster_id, address, port, generation, silo_name, host_name, status, gateway_port, start_time, iamalive_time, suspect_times, etag)
            VALUES (@cluster, @address, @port, @generation, @name, @host, @status, @gateway, @start, @alive, @suspects, @etag)
            ON CONFLICT DO NOTHING
            """);
        AddEntry(command, entry);
        return await command.ExecuteNonQueryAsync() == 1;
    }

    /// <summary>Replaces the row of <paramref name="entry"/> if its ETag is <paramref name="rowETag"/>; false when it is absent or changed.</summary>
    public async Task<bool> TryUpdateRowAsync(DbConnection connection, DbTransaction transaction, MembershipEntry entry, string rowETag)
    {
        await using var command = Command(connection, transaction, $"""
            UPDATE bigdl_membership SET silo_name = @name, host_name = @host, status = @status, gateway_port = @gateway,
                start_time = @start, iamalive_time = @alive, suspect_times = @suspects, etag = @etag
            WHERE {KeyFilter} AND etag = @expectedetag
            """);
        AddEntry(command, entry);
        Add(command, "expectedetag", rowETag);
        return await command.ExecuteNonQueryAsync() == 1;
    }

    public async Task UpdateIAmAliveAsync(DbConnection connection, SiloAddress address, DateTime storedTime)
    {
        await using var command = Command(connection, null, $"UPDATE bigdl_membership SET iamalive_time = @alive WHERE {KeyFilter}");
        AddAddress(command, address);
        Add(command, "alive", Time(storedTime));
        await command.ExecuteNonQueryAsync();
    }

    public async Task<int> CleanupDefunctAsync(DbConnection connection, DateTimeOffset beforeDate)
    {
        await using var command = Command(connection, null, "DELETE FROM bigdl_membership WHERE cluster_id = @cluster AND status = @dead AND iamalive_time < @before");
        Add(command, "dead", (int)SiloStatus.Dead);
        // Stored times are whole microseconds, and PostgreSQL would truncate a finer date; rounding the date up to the next
        // microsecond keeps "stored < date" exactly as it is for the unrounded date.
        var ticks = beforeDate.UtcTicks;
        Add(command, "before", Time(new DateTime(Math.Min(ticks + ((10 - (ticks % 10)) % 10), DateTime.MaxValue.Ticks), DateTimeKind.Utc)));
        return await command.ExecuteNonQueryAsync();
    }

    /// <summary>Deletes a cluster's version row, then its rows; the version row first, so the order of locks matches the writers'.</summary>
    public static async Task DeleteClusterAsync(DbConnection connection, DbTransaction transaction, string cluster)
    {
        foreach (var sql in new[] { "DELETE FROM bigdl_membership_version WHERE cluster_id = @target", "DELETE FROM bigdl_membership WHERE cluster_id = @target" })
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            Add(command, "target", cluster);
            await command.ExecuteNonQueryAsync();
        }
    }

    DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        Add(command, "cluster", clusterId);
        return command;
    }

    void AddEntry(DbCommand command, MembershipEntry entry)
    {
        AddAddress(command, entry.SiloAddress);
        Add(command, "name", entry.SiloName);
        Add(command, "host", entry.HostName);
        Add(command, "status", (int)entry.Status);
        Add(command, "gateway", entry.GatewayPort);
        Add(command, "start", Time(entry.StartTime));
        Add(command, "alive", Time(entry.IAmAliveTime));
        Add(command, "suspects", SuspectTimesJson.Write(entry.SuspectTimes));
        Add(command, "etag", ETag.New());
    }

    static void AddAddress(DbCommand command, SiloAddress address)
    {
        Add(command, "address", address.Host);
        Add(command, "port", address.Port);
        Add(command, "generation", address.Generation);
    }

    static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    object Time(DateTime storedTime) => timesAsText ? MembershipRows.FormatTime(storedTime) : storedTime;

    DateTime ReadTime(DbDataReader reader, int ordinal) =>
        timesAsText ? MembershipRows.ParseTime(reader.GetString(ordinal)) : DateTime.SpecifyKind(reader.GetDateTime(ordinal), DateTimeKind.Utc);
}
