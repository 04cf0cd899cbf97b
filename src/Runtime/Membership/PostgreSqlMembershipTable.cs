using System.Data;
using BigDL.Orleans.Storage;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace BigDL.Orleans.Membership;

/// <summary>A membership table in a PostgreSQL database, shared by the silos of a cluster on many hosts.</summary>
/// <remarks>
/// Each conditional write is one READ COMMITTED transaction (whatever the database's default isolation) that first runs the conditional UPDATE of the version row.
/// That UPDATE locks the row; a concurrent writer's UPDATE waits for the lock and then re-checks its condition against
/// the committed version, so it fails once the first writer commits. The row write follows under the same lock and a
/// failed row write rolls the bump back, so the version check and the row write are atomic. Every writer locks the
/// version row before any member row, so writers cannot deadlock each other. Reads are single statements, hence one snapshot.
/// </remarks>
public sealed partial class PostgreSqlMembershipTable : IMembershipTable, IStorageInitializer, IAsyncDisposable, IDisposable
{
    const string VersionTable = PostgreSqlMembershipSchema.VersionTable;
    const string MembersTable = PostgreSqlMembershipSchema.MembersTable;
    static readonly string SchemaSource = typeof(PostgreSqlMembershipSchema).FullName + "." + nameof(PostgreSqlMembershipSchema.Sql);

    readonly PostgreSqlDatabase database;
    readonly MembershipSqlCommands commands;
    readonly bool initializeSchema;
    readonly ILogger logger;
    readonly StorageSchemaGate schemaGate;

    /// <summary>Creates the table of <paramref name="clusterId"/>; the server is contacted, and the tables created, on <see cref="InitializeAsync"/> or first use.</summary>
    public PostgreSqlMembershipTable(string clusterId, PostgreSqlStorageOptions options, ILogger<PostgreSqlMembershipTable> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        ClusterId = MembershipRows.CheckClusterId(clusterId);
        PostgreSqlStorageOptionsValidator.ThrowIfInvalid("membership", options);
        database = new PostgreSqlDatabase(options);
        commands = new MembershipSqlCommands(ClusterId, timesAsText: false);
        initializeSchema = options.InitializeSchema;
        this.logger = logger;
        schemaGate = new StorageSchemaGate(InitializeSchemaAsync);
    }

    /// <inheritdoc />
    public string ClusterId { get; }

    /// <inheritdoc />
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await schemaGate.EnsureAsync(cancellationToken);
        await RunAsync(async connection =>
        {
            await commands.EnsureVersionRowAsync(connection, cancellationToken);
            return true;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<MembershipTableData> ReadAllAsync() => RunAsync(connection => commands.ReadAsync(connection, address: null));

    /// <inheritdoc />
    public Task<MembershipTableData> ReadRowAsync(SiloAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return RunAsync(connection => commands.ReadAsync(connection, address));
    }

    /// <inheritdoc />
    public Task<bool> InsertRowAsync(MembershipEntry entry, TableVersion newVersion)
    {
        var stored = MembershipRows.Validate(entry);
        MembershipRows.Validate(newVersion);
        return WriteAsync(newVersion, (connection, transaction) => commands.TryInsertRowAsync(connection, transaction, stored));
    }

    /// <inheritdoc />
    public Task<bool> UpdateRowAsync(MembershipEntry entry, string rowETag, TableVersion newVersion)
    {
        var stored = MembershipRows.Validate(entry);
        ArgumentNullException.ThrowIfNull(rowETag);
        MembershipRows.Validate(newVersion);
        return WriteAsync(newVersion, (connection, transaction) => commands.TryUpdateRowAsync(connection, transaction, stored, rowETag));
    }

    /// <inheritdoc />
    public Task UpdateIAmAliveAsync(MembershipEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(entry.SiloAddress, nameof(entry));
        var time = MembershipRows.ToStoredTime(entry.IAmAliveTime);
        return RunAsync(async connection =>
        {
            await commands.UpdateIAmAliveAsync(connection, entry.SiloAddress, time);
            return true;
        });
    }

    /// <inheritdoc />
    public Task<int> CleanupDefunctSiloEntriesAsync(DateTimeOffset beforeDate) =>
        RunAsync(connection => commands.CleanupDefunctAsync(connection, beforeDate));

    /// <inheritdoc />
    public Task DeleteMembershipTableEntriesAsync(string clusterId)
    {
        ArgumentNullException.ThrowIfNull(clusterId);
        return RunAsync(async connection =>
        {
            await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted);
            await MembershipSqlCommands.DeleteClusterAsync(connection, transaction, clusterId);
            await transaction.CommitAsync();
            return true;
        });
    }

    /// <summary>Closes the table's pooled connections.</summary>
    public ValueTask DisposeAsync() => database.DisposeAsync();

    /// <summary>Closes the table's pooled connections.</summary>
    public void Dispose() => database.Dispose();

    /// <summary>Runs a conditional write: bump the version, then <paramref name="writeRow"/>, in one transaction that commits only if both succeed.</summary>
    Task<bool> WriteAsync(TableVersion newVersion, Func<NpgsqlConnection, NpgsqlTransaction, Task<bool>> writeRow) => RunAsync(async connection =>
    {
        // READ COMMITTED named here rather than left to the driver or the database default: under REPEATABLE READ or
        // SERIALIZABLE a blocked writer would get a serialization failure (an exception) instead of re-checking the
        // version after the wait and returning false.
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted);
        if (!await commands.TryBumpVersionAsync(connection, transaction, newVersion) || !await writeRow(connection, transaction))
        {
            LogConflict(ClusterId, newVersion.Version);
            return false; // disposing the transaction rolls the version bump back
        }

        await transaction.CommitAsync();
        return true;
    });

    async Task<TResult> RunAsync<TResult>(Func<NpgsqlConnection, Task<TResult>> work, CancellationToken cancellationToken = default)
    {
        await schemaGate.EnsureAsync(cancellationToken);
        try
        {
            return await database.RunAsync(MembersTable, work, cancellationToken);
        }
        catch (StorageSchemaException e)
        {
            throw MembershipRows.WithMembershipSchema(e, VersionTable, MembersTable, SchemaSource);
        }
    }

    async Task InitializeSchemaAsync(CancellationToken cancellationToken)
    {
        if (initializeSchema)
        {
            await database.ExecuteSchemaAsync(MembersTable, PostgreSqlMembershipSchema.Sql, cancellationToken);
        }
        else
        {
            foreach (var table in new[] { VersionTable, MembersTable })
            {
                if (!await database.TableExistsAsync(table, cancellationToken))
                {
                    throw new StorageSchemaException(table, database.Description, SchemaSource, null);
                }
            }
        }

        LogReady(ClusterId, database.Description);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Membership table of cluster {ClusterId} is ready in {Database}")]
    private partial void LogReady(string clusterId, string database);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Membership write of cluster {ClusterId} at version {Version} lost a race; nothing changed")]
    private partial void LogConflict(string clusterId, int version);
}
