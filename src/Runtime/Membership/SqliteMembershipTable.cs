using System.Data;
using BigDL.Orleans.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace BigDL.Orleans.Membership;

/// <summary>A membership table in a SQLite file, shared by the silo processes of one host.</summary>
/// <remarks>
/// The file is opened in WAL mode with a busy timeout (<see cref="SqliteStorageOptions.BusyTimeout"/>), so silo
/// processes read while another writes and a writer waits for the lock instead of failing. Each conditional write is
/// one <c>BEGIN IMMEDIATE</c> transaction: it takes the file's write lock before reading the version, so no other
/// connection in any process can write between the check and the write. Reads are single statements, hence one snapshot.
/// </remarks>
public sealed partial class SqliteMembershipTable : IMembershipTable, IStorageInitializer
{
    const string VersionTable = SqliteMembershipSchema.VersionTable;
    const string MembersTable = SqliteMembershipSchema.MembersTable;
    static readonly string SchemaSource = typeof(SqliteMembershipSchema).FullName + "." + nameof(SqliteMembershipSchema.Sql);

    readonly SqliteDatabase database;
    readonly MembershipSqlCommands commands;
    readonly bool initializeSchema;
    readonly ILogger logger;
    readonly StorageSchemaGate schemaGate;

    /// <summary>Creates the table of <paramref name="clusterId"/>; the file is opened, and the tables created, on <see cref="InitializeAsync"/> or first use.</summary>
    public SqliteMembershipTable(string clusterId, SqliteStorageOptions options, ILogger<SqliteMembershipTable> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        ClusterId = MembershipRows.CheckClusterId(clusterId);
        SqliteStorageOptionsValidator.ThrowIfInvalid("membership", options);
        database = new SqliteDatabase(options);
        commands = new MembershipSqlCommands(ClusterId, timesAsText: true);
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
            await using var transaction = connection.BeginTransaction(IsolationLevel.Serializable, deferred: false);
            await MembershipSqlCommands.DeleteClusterAsync(connection, transaction, clusterId);
            await transaction.CommitAsync();
            return true;
        });
    }

    /// <summary>Runs a conditional write: bump the version, then <paramref name="writeRow"/>, in one immediate transaction that commits only if both succeed.</summary>
    Task<bool> WriteAsync(TableVersion newVersion, Func<SqliteConnection, SqliteTransaction, Task<bool>> writeRow) => RunAsync(async connection =>
    {
        // Serializable and not deferred is BEGIN IMMEDIATE: the write lock is taken (waiting up to the busy timeout) before
        // the version is read. A deferred transaction would read first and could then fail to upgrade with SQLITE_BUSY.
        await using var transaction = connection.BeginTransaction(IsolationLevel.Serializable, deferred: false);
        if (!await commands.TryBumpVersionAsync(connection, transaction, newVersion) || !await writeRow(connection, transaction))
        {
            LogConflict(ClusterId, newVersion.Version);
            return false; // disposing the transaction rolls the version bump back
        }

        await transaction.CommitAsync();
        return true;
    });

    async Task<TResult> RunAsync<TResult>(Func<SqliteConnection, Task<TResult>> work, CancellationToken cancellationToken = default)
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
            await database.ExecuteAsync(MembersTable, SqliteMembershipSchema.Sql, cancellationToken);
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
