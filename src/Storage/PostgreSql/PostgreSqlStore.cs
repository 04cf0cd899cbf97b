using System.Data;
using System.Data.Common;
using BigDL.Storage.Sql;
using Npgsql;

namespace BigDL.Storage.PostgreSql;

/// <summary>A store in a PostgreSQL database, shared by the silos of a cluster on many hosts; errors never show the password.</summary>
/// <remarks>
/// A write transaction is READ COMMITTED whatever the database's default: its first statement is a conditional UPDATE
/// that locks the row it changes, and a concurrent writer's UPDATE waits for that lock and then re-checks its condition
/// against the committed row, so it fails (returns no row) instead of raising a serialization error.
/// </remarks>
internal sealed class PostgreSqlStore : SqlStore
{
    // CREATE TABLE IF NOT EXISTS is not safe when two silos run it at once (a unique violation in pg_type), so DDL
    // runs under this transaction-scoped advisory lock. The number is arbitrary but fixed: "BigDL" in ASCII.
    const long SchemaLockId = 0x42_69_67_44_4C;

    /// <summary>The name the connections report to the server (visible in <c>pg_stat_activity</c>).</summary>
    const string ApplicationName = "BigDL.Orleans";

    /// <summary>
    /// Connections one silo (or client) opens at most unless the setting names its own Maximum Pool Size. Npgsql's default
    /// of 100 per process lets two silos under load exhaust a default server (max_connections 100: "too many clients");
    /// a store call is short, so 20 keep a silo's writers busy and leave room for many silos.
    /// </summary>
    const int DefaultMaxPoolSize = 20;

    readonly NpgsqlDataSource dataSource;
    readonly string? password;
    readonly string endpoint;

    public PostgreSqlStore(string setting, bool createSchema) : base(createSchema)
    {
        var builder = new NpgsqlConnectionStringBuilder(PostgreSqlConnectionStrings.Normalize(setting));
        if (string.IsNullOrEmpty(builder.ApplicationName))
        {
            builder.ApplicationName = ApplicationName;
        }

        if (!NamesMaxPoolSize(builder))
        {
            builder.MaxPoolSize = Math.Max(DefaultMaxPoolSize, builder.MinPoolSize);
        }

        MaxPoolSize = builder.MaxPoolSize;
        password = builder.Password;
        endpoint = $"{builder.Host}:{builder.Port}";
        Description = PostgreSqlConnectionStrings.Describe(builder);
        dataSource = NpgsqlDataSource.Create(builder);
    }

    public override string Description { get; }

    static bool NamesMaxPoolSize(NpgsqlConnectionStringBuilder builder) =>
        new DbConnectionStringBuilder { ConnectionString = builder.ConnectionString }.Keys.Cast<string>()
            .Any(key => key.Replace(" ", "", StringComparison.Ordinal) is var k
                && (k.Equals("MaximumPoolSize", StringComparison.OrdinalIgnoreCase) || k.Equals("MaxPoolSize", StringComparison.OrdinalIgnoreCase)));

    public override StoreKind Kind => StoreKind.PostgreSql;

    /// <summary>Gets the most connections this store opens at once.</summary>
    public int MaxPoolSize { get; }

    public override async Task<DbTransaction> BeginWriteTransactionAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await ((NpgsqlConnection)connection).BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);

    // timestamptz keeps microseconds; callers round to them first so that what is read back equals what was written.
    public override object WriteTime(DateTime utc) => utc;

    public override DateTime ReadTime(DbDataReader reader, int ordinal) => DateTime.SpecifyKind(reader.GetDateTime(ordinal), DateTimeKind.Utc);

    public override ValueTask DisposeAsync() => dataSource.DisposeAsync();

    private protected override async Task<TResult> RunOnConnectionAsync<TResult>(Func<DbConnection, Task<TResult>> work, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            return await work(connection);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            var table = e.MessageText.Split('"') is [_, var name, ..] ? name : "bigdl_*";
            throw MissingTable(table, e);
        }
        catch (PostgresException e) when (IsServerUnavailable(e))
        {
            throw new StoreException($"Store: {Description} cannot be used: {Redact(e.MessageText)} (SQLSTATE {e.SqlState}).", e);
        }
        catch (NpgsqlException e) when (e is not PostgresException)
        {
            throw new StoreException($"Store: the PostgreSQL server at {endpoint} cannot be reached ({Description}): {Redact(e.InnerException?.Message ?? e.Message)}", e);
        }
    }

    private protected override Task CreateTablesAsync(CancellationToken cancellationToken) => RunOnConnectionAsync(async connection =>
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var command = connection.Command("SELECT pg_advisory_xact_lock(@id)", transaction).With("id", SchemaLockId))
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var command = connection.Command(PostgreSqlSchemaSql.Sql, transaction))
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return true;
    }, cancellationToken);

    private protected override async Task<bool> TableExistsAsync(DbConnection connection, string table, CancellationToken cancellationToken)
    {
        await using var command = connection.Command("SELECT to_regclass(@table) IS NOT NULL").With("table", table);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!; // IS NOT NULL always yields a boolean
    }

    string Redact(string message) => PostgreSqlConnectionStrings.Redact(message, password).ReplaceLineEndings(" ");

    // Class 08 connection exceptions, 28 authorization (bad password or user), 3D000 unknown database,
    // 53 insufficient resources, 57P0x server shutting down.
    static bool IsServerUnavailable(PostgresException e) =>
        e.SqlState.StartsWith("08", StringComparison.Ordinal) ||
        e.SqlState.StartsWith("28", StringComparison.Ordinal) ||
        e.SqlState.StartsWith("53", StringComparison.Ordinal) ||
        e.SqlState.StartsWith("57P", StringComparison.Ordinal) ||
        e.SqlState == PostgresErrorCodes.InvalidCatalogName;
}
