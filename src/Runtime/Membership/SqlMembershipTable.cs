using System.Data.Common;
using BigDL.Orleans.Storage;
using Microsoft.Extensions.Logging;

namespace BigDL.Orleans.Membership;

/// <summary>The membership protocol over a SQL database; a dialect supplies connections, its write transaction and its schema.</summary>
/// <remarks>
/// Every conditional write bumps the version row and writes the member row in one transaction that commits only when
/// both succeed (<see cref="MembershipSqlCommands"/> holds the shared statements). How the transaction keeps other
/// writers out between the version check and the write is the dialect's: see the derived classes.
/// </remarks>
public abstract partial class SqlMembershipTable : IMembershipTable, IStorageInitializer
{
    readonly MembershipSqlCommands commands;
    readonly bool initializeSchema;
    readonly ILogger logger;
    readonly StorageSchemaGate schemaGate;

    private protected SqlMembershipTable(string clusterId, bool timesAsText, bool initializeSchema, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(logger);
        ClusterId = MembershipRows.CheckClusterId(clusterId);
        commands = new MembershipSqlCommands(ClusterId, timesAsText);
        this.initializeSchema = initializeSchema;
        this.logger = logger;
        schemaGate = new StorageSchemaGate(InitializeSchemaAsync);
    }

    /// <inheritdoc />
    public string ClusterId { get; }

    /// <summary>Gets where the tables live, without secrets, for messages.</summary>
    private protected abstract string DatabaseDescription { get; }

    /// <summary>Gets the name of the readable schema SQL, for messages that tell the user how to create the tables.</summary>
    private protected abstract string SchemaSource { get; }

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
            await using var transaction = await BeginWriteTransactionAsync(connection);
            await MembershipSqlCommands.DeleteClusterAsync(connection, transaction, clusterId);
            await transaction.CommitAsync();
            return true;
        });
    }

    /// <summary>Runs <paramref name="work"/> on an open connection of the database, translating its errors.</summary>
    private protected abstract Task<TResult> RunOnDatabaseAsync<TResult>(Func<DbConnection, Task<TResult>> work, CancellationToken cancellationToken);

    /// <summary>Begins the transaction a conditional write runs in; it must keep other writers out from the version check to the commit.</summary>
    private protected abstract Task<DbTransaction> BeginWriteTransactionAsync(DbConnection connection);

    /// <summary>Creates the tables if they are missing.</summary>
    private protected abstract Task CreateSchemaAsync(CancellationToken cancellationToken);

    /// <summary>Returns whether <paramref name="table"/> exists.</summary>
    private protected abstract Task<bool> TableExistsAsync(string table, CancellationToken cancellationToken);

    /// <summary>Runs a conditional write: bump the version, then <paramref name="writeRow"/>, in one transaction that commits only if both succeed.</summary>
    Task<bool> WriteAsync(TableVersion newVersion, Func<DbConnection, DbTransaction, Task<bool>> writeRow) => RunAsync(async connection =>
    {
        await using var transaction = await BeginWriteTransactionAsync(connection);
        if (!await commands.TryBumpVersionAsync(connection, transaction, newVersion) || !await writeRow(connection, transaction))
        {
            LogConflict(ClusterId, newVersion.Version);
            return false; // disposing the transaction rolls the version bump back
        }

        await transaction.CommitAsync();
        return true;
    });

    async Task<TResult> RunAsync<TResult>(Func<DbConnection, Task<TResult>> work, CancellationToken cancellationToken = default)
    {
        await schemaGate.EnsureAsync(cancellationToken);
        try
        {
            return await RunOnDatabaseAsync(work, cancellationToken);
        }
        catch (StorageSchemaException e)
        {
            throw MembershipRows.WithMembershipSchema(e, MembershipSchemaNames.VersionTable, MembershipSchemaNames.MembersTable, SchemaSource);
        }
    }

    async Task InitializeSchemaAsync(CancellationToken cancellationToken)
    {
        if (initializeSchema)
        {
            await CreateSchemaAsync(cancellationToken);
        }
        else
        {
            foreach (var table in new[] { MembershipSchemaNames.VersionTable, MembershipSchemaNames.MembersTable })
            {
                if (!await TableExistsAsync(table, cancellationToken))
                {
                    throw new StorageSchemaException(table, DatabaseDescription, SchemaSource, null);
                }
            }
        }

        LogReady(ClusterId, DatabaseDescription);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Membership table of cluster {ClusterId} is ready in {Database}")]
    private partial void LogReady(string clusterId, string database);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Membership write of cluster {ClusterId} at version {Version} lost a race; nothing changed")]
    private partial void LogConflict(string clusterId, int version);
}
