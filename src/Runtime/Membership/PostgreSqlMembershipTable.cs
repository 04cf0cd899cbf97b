using System.Data;
using System.Data.Common;
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
public sealed class PostgreSqlMembershipTable : SqlMembershipTable, IAsyncDisposable, IDisposable
{
    readonly PostgreSqlDatabase database;

    /// <summary>Creates the table of <paramref name="clusterId"/>; the server is contacted, and the tables created, on <see cref="SqlMembershipTable.InitializeAsync"/> or first use.</summary>
    public PostgreSqlMembershipTable(string clusterId, PostgreSqlStorageOptions options, ILogger<PostgreSqlMembershipTable> logger)
        : base(clusterId, timesAsText: false, Validated(options).InitializeSchema, logger)
    {
        database = new PostgreSqlDatabase(options);
    }

    private protected override string DatabaseDescription => database.Description;

    private protected override string SchemaSource { get; } = typeof(PostgreSqlMembershipSchema).FullName + "." + nameof(PostgreSqlMembershipSchema.Sql);

    /// <summary>Closes the table's pooled connections.</summary>
    public ValueTask DisposeAsync() => database.DisposeAsync();

    /// <summary>Closes the table's pooled connections.</summary>
    public void Dispose() => database.Dispose();

    private protected override Task<TResult> RunOnDatabaseAsync<TResult>(Func<DbConnection, Task<TResult>> work, CancellationToken cancellationToken) =>
        database.RunAsync(PostgreSqlMembershipSchema.MembersTable, work, cancellationToken);

    // READ COMMITTED named here rather than left to the driver or the database default: under REPEATABLE READ or
    // SERIALIZABLE a blocked writer would get a serialization failure (an exception) instead of re-checking the
    // version after the wait and returning false.
    private protected override async Task<DbTransaction> BeginWriteTransactionAsync(DbConnection connection) =>
        await ((NpgsqlConnection)connection).BeginTransactionAsync(IsolationLevel.ReadCommitted);

    private protected override Task CreateSchemaAsync(CancellationToken cancellationToken) =>
        database.ExecuteSchemaAsync(PostgreSqlMembershipSchema.MembersTable, PostgreSqlMembershipSchema.Sql, cancellationToken);

    private protected override Task<bool> TableExistsAsync(string table, CancellationToken cancellationToken) =>
        database.TableExistsAsync(table, cancellationToken);

    static PostgreSqlStorageOptions Validated(PostgreSqlStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        PostgreSqlStorageOptionsValidator.ThrowIfInvalid("membership", options);
        return options;
    }
}
