using System.Data;
using System.Data.Common;
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
public sealed class SqliteMembershipTable : SqlMembershipTable
{
    readonly SqliteDatabase database;

    /// <summary>Creates the table of <paramref name="clusterId"/>; the file is opened, and the tables created, on <see cref="SqlMembershipTable.InitializeAsync"/> or first use.</summary>
    public SqliteMembershipTable(string clusterId, SqliteStorageOptions options, ILogger<SqliteMembershipTable> logger)
        : base(clusterId, timesAsText: true, Validated(options).InitializeSchema, logger)
    {
        database = new SqliteDatabase(options);
    }

    private protected override string DatabaseDescription => database.Description;

    private protected override string SchemaSource { get; } = typeof(SqliteMembershipSchema).FullName + "." + nameof(SqliteMembershipSchema.Sql);

    private protected override Task<TResult> RunOnDatabaseAsync<TResult>(Func<DbConnection, Task<TResult>> work, CancellationToken cancellationToken) =>
        database.RunAsync(SqliteMembershipSchema.MembersTable, work, cancellationToken);

    // Serializable and not deferred is BEGIN IMMEDIATE: the write lock is taken (waiting up to the busy timeout) before
    // the version is read. A deferred transaction would read first and could then fail to upgrade with SQLITE_BUSY.
    private protected override Task<DbTransaction> BeginWriteTransactionAsync(DbConnection connection) =>
        Task.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(IsolationLevel.Serializable, deferred: false));

    private protected override Task CreateSchemaAsync(CancellationToken cancellationToken) =>
        database.ExecuteAsync(SqliteMembershipSchema.MembersTable, SqliteMembershipSchema.Sql, cancellationToken);

    private protected override Task<bool> TableExistsAsync(string table, CancellationToken cancellationToken) =>
        database.TableExistsAsync(table, cancellationToken);

    static SqliteStorageOptions Validated(SqliteStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        SqliteStorageOptionsValidator.ThrowIfInvalid("membership", options);
        return options;
    }
}
