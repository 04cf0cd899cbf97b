using BigDL.Storage.Sql;
using Microsoft.Extensions.Logging;

namespace BigDL.Storage.Clustering;

/// <summary>Orleans' membership table in a SQLite or PostgreSQL store, for one cluster of the several the tables may hold.</summary>
/// <remarks>
/// Every conditional write bumps the cluster's version row and writes the member row in one transaction that commits
/// only when both succeed; the store's write transaction keeps other writers out from the version check to the commit.
/// </remarks>
internal sealed partial class SqlMembershipTable : IMembershipTable, IAsyncDisposable
{
    readonly SqlStore store;
    readonly MembershipSql sql;
    readonly string clusterId;
    readonly ILogger logger;

    public SqlMembershipTable(SqlStore store, string clusterId, ILogger<SqlMembershipTable> logger)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(clusterId);
        this.store = store;
        this.clusterId = clusterId;
        this.logger = logger;
        sql = new MembershipSql(store, clusterId);
    }

    public Task InitializeMembershipTable(bool tryInitTableVersion) => InitializeMembershipTableAsync(tryInitTableVersion, CancellationToken.None);

    public async Task InitializeMembershipTableAsync(bool tryInitTableVersion, CancellationToken cancellationToken)
    {
        await store.RunAsync(async connection =>
        {
            if (tryInitTableVersion)
            {
                await sql.EnsureVersionRowAsync(connection, cancellationToken);
            }

            return true;
        }, cancellationToken);
        LogReady(clusterId, store.Description);
    }

    public Task DeleteMembershipTableEntries(string clusterId) => DeleteMembershipTableEntriesAsync(clusterId, CancellationToken.None);

    public Task DeleteMembershipTableEntriesAsync(string clusterId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clusterId);
        return store.RunAsync(async connection =>
        {
            await using var transaction = await store.BeginWriteTransactionAsync(connection, cancellationToken);
            await MembershipSql.DeleteClusterAsync(connection, transaction, clusterId, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return true;
        }, cancellationToken);
    }

    public Task CleanupDefunctSiloEntries(DateTimeOffset beforeDate) => CleanupDefunctSiloEntriesAsync(beforeDate, CancellationToken.None);

    public async Task CleanupDefunctSiloEntriesAsync(DateTimeOffset beforeDate, CancellationToken cancellationToken)
    {
        var removed = await store.RunAsync(connection => sql.CleanupDefunctAsync(connection, beforeDate, cancellationToken), cancellationToken);
        LogCleanup(clusterId, removed, beforeDate);
    }

    public Task<MembershipTableData> ReadRow(SiloAddress key) => ReadRowAsync(key, CancellationToken.None);

    public Task<MembershipTableData> ReadRowAsync(SiloAddress key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        return store.RunAsync(connection => sql.ReadAsync(connection, key, cancellationToken), cancellationToken);
    }

    public Task<MembershipTableData> ReadAll() => ReadAllAsync(CancellationToken.None);

    public Task<MembershipTableData> ReadAllAsync(CancellationToken cancellationToken) =>
        store.RunAsync(connection => sql.ReadAsync(connection, address: null, cancellationToken), cancellationToken);

    public Task<bool> InsertRow(MembershipEntry entry, TableVersion tableVersion) => InsertRowAsync(entry, tableVersion, CancellationToken.None);

    public Task<bool> InsertRowAsync(MembershipEntry entry, TableVersion tableVersion, CancellationToken cancellationToken)
    {
        MembershipRows.Validate(entry);
        MembershipRows.Validate(tableVersion);
        return WriteAsync(tableVersion, (connection, transaction) => sql.TryInsertRowAsync(connection, transaction, entry, cancellationToken), cancellationToken);
    }

    public Task<bool> UpdateRow(MembershipEntry entry, string etag, TableVersion tableVersion) => UpdateRowAsync(entry, etag, tableVersion, CancellationToken.None);

    public Task<bool> UpdateRowAsync(MembershipEntry entry, string etag, TableVersion tableVersion, CancellationToken cancellationToken)
    {
        MembershipRows.Validate(entry);
        ArgumentNullException.ThrowIfNull(etag);
        MembershipRows.Validate(tableVersion);
        return WriteAsync(tableVersion, (connection, transaction) => sql.TryUpdateRowAsync(connection, transaction, entry, etag, cancellationToken), cancellationToken);
    }

    public Task UpdateIAmAlive(MembershipEntry entry) => UpdateIAmAliveAsync(entry, CancellationToken.None);

    public Task UpdateIAmAliveAsync(MembershipEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(entry.SiloAddress, nameof(entry));
        return store.RunAsync(async connection =>
        {
            await sql.UpdateIAmAliveAsync(connection, entry, cancellationToken);
            return true;
        }, cancellationToken);
    }

    public ValueTask DisposeAsync() => store.DisposeAsync();

    /// <summary>Runs a conditional write: bump the version, then <paramref name="writeRow"/>, in one transaction that commits only if both succeed.</summary>
    Task<bool> WriteAsync(TableVersion tableVersion, Func<System.Data.Common.DbConnection, System.Data.Common.DbTransaction, Task<bool>> writeRow, CancellationToken cancellationToken) =>
        store.RunAsync(async connection =>
        {
            await using var transaction = await store.BeginWriteTransactionAsync(connection, cancellationToken);
            if (!await sql.TryBumpVersionAsync(connection, transaction, tableVersion, cancellationToken) || !await writeRow(connection, transaction))
            {
                LogConflict(clusterId, tableVersion.Version);
                return false; // disposing the transaction rolls the version bump back
            }

            await transaction.CommitAsync(cancellationToken);
            return true;
        }, cancellationToken);

    [LoggerMessage(Level = LogLevel.Information, Message = "Membership table of cluster {ClusterId} is ready in {Database}")]
    private partial void LogReady(string clusterId, string database);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Membership write of cluster {ClusterId} at version {Version} lost a race; nothing changed")]
    private partial void LogConflict(string clusterId, int version);

    [LoggerMessage(Level = LogLevel.Information, Message = "Membership table of cluster {ClusterId}: removed {Count} defunct silo rows older than {BeforeDate}")]
    private partial void LogCleanup(string clusterId, int count, DateTimeOffset beforeDate);
}
