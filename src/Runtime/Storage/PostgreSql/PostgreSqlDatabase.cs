using Npgsql;

namespace BigDL.Orleans.Storage;

/// <summary>A pool of connections to one PostgreSQL database, with errors turned into the storage exceptions (never showing the password).</summary>
internal sealed class PostgreSqlDatabase : IAsyncDisposable, IDisposable
{
    // CREATE TABLE IF NOT EXISTS is not safe when two silos run it at once (a unique violation in pg_type), so DDL
    // runs under this transaction-scoped advisory lock. The number is arbitrary but fixed: "BigDL" in ASCII.
    const long SchemaLockId = 0x42_69_67_44_4C;

    readonly NpgsqlDataSource dataSource;
    readonly string? password;

    public PostgreSqlDatabase(PostgreSqlStorageOptions options)
    {
        var builder = new NpgsqlConnectionStringBuilder(PostgreSqlConnectionStrings.Normalize(options.ConnectionString));
        if (string.IsNullOrEmpty(builder.ApplicationName))
        {
            builder.ApplicationName = PostgreSqlStorageOptions.DefaultApplicationName;
        }

        password = builder.Password;
        Description = PostgreSqlConnectionStrings.Describe(builder);
        dataSource = NpgsqlDataSource.Create(builder);
    }

    /// <summary>Gets a description of the database that is safe to print.</summary>
    public string Description { get; }

    /// <summary>Opens a connection, runs <paramref name="work"/> on it and turns driver errors into the storage exceptions.</summary>
    public async Task<TResult> RunAsync<TResult>(string table, Func<NpgsqlConnection, Task<TResult>> work, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            return await work(connection);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            throw new StorageSchemaException(table, Description, typeof(PostgreSqlSchema).FullName + "." + nameof(PostgreSqlSchema.Sql), e);
        }
        catch (PostgresException e) when (IsServerUnavailable(e))
        {
            throw new StorageUnavailableException($"{Description} cannot be used: {PostgreSqlConnectionStrings.Redact(e.MessageText, password)} (SQLSTATE {e.SqlState}).", e);
        }
        catch (NpgsqlException e) when (e is not PostgresException)
        {
            throw new StorageUnavailableException($"{Description} cannot be reached: {PostgreSqlConnectionStrings.Redact(e.Message, password)}", e);
        }
    }

    /// <summary>Whether <paramref name="table"/> exists on the connection's search path.</summary>
    public Task<bool> TableExistsAsync(string table, CancellationToken cancellationToken) => RunAsync(table, async connection =>
    {
        await using var command = new NpgsqlCommand("SELECT to_regclass(@table) IS NOT NULL", connection);
        command.Parameters.AddWithValue("table", table);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!; // IS NOT NULL always yields a boolean
    }, cancellationToken);

    /// <summary>Runs DDL such as <see cref="PostgreSqlSchema.GrainStateSql"/> under the schema lock.</summary>
    public Task ExecuteSchemaAsync(string table, string sql, CancellationToken cancellationToken) => RunAsync(table, async connection =>
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@id)", connection, transaction))
        {
            command.Parameters.AddWithValue("id", SchemaLockId);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var command = new NpgsqlCommand(sql, connection, transaction))
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return true;
    }, cancellationToken);

    public ValueTask DisposeAsync() => dataSource.DisposeAsync();

    public void Dispose() => dataSource.Dispose();

    // Class 08 connection exceptions, 28 authorization (bad password or user), 3D000 unknown database,
    // 53 insufficient resources, 57P0x server shutting down.
    static bool IsServerUnavailable(PostgresException e) =>
        e.SqlState.StartsWith("08", StringComparison.Ordinal) ||
        e.SqlState.StartsWith("28", StringComparison.Ordinal) ||
        e.SqlState.StartsWith("53", StringComparison.Ordinal) ||
        e.SqlState.StartsWith("57P", StringComparison.Ordinal) ||
        e.SqlState == PostgresErrorCodes.InvalidCatalogName;
}
