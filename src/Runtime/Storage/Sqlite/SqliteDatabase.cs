using System.Globalization;
using Microsoft.Data.Sqlite;

namespace BigDL.Orleans.Storage;

/// <summary>Opens connections to one SQLite file with the settings that let several processes share it, and translates its errors.</summary>
internal sealed class SqliteDatabase
{
    readonly string connectionString;
    readonly string directory;
    readonly string connectionPragmas;
    int walEnabled;

    public SqliteDatabase(SqliteStorageOptions options)
    {
        var builder = SqliteConnectionStrings.Parse(options.ConnectionString);
        // Microsoft.Data.Sqlite retries a busy statement until the command timeout; keep it at least the busy timeout.
        builder.DefaultTimeout = Math.Max(builder.DefaultTimeout, (int)Math.Ceiling(options.BusyTimeout.TotalSeconds));
        connectionString = builder.ConnectionString;
        directory = SqliteConnectionStrings.IsInMemory(builder) ? string.Empty : Path.GetDirectoryName(builder.DataSource) ?? string.Empty;
        Description = SqliteConnectionStrings.Describe(builder);
        // busy_timeout and synchronous are per connection. In WAL mode NORMAL keeps every commit through a process crash;
        // only a power loss can undo the last few, and it saves an fsync per write.
        connectionPragmas = string.Create(CultureInfo.InvariantCulture, $"PRAGMA busy_timeout = {(long)options.BusyTimeout.TotalMilliseconds}; PRAGMA synchronous = NORMAL;");
    }

    /// <summary>Gets a description of the database that is safe to print.</summary>
    public string Description { get; }

    /// <summary>Opens a connection, runs <paramref name="work"/> on it and turns SQLite errors into the storage exceptions.</summary>
    public async Task<TResult> RunAsync<TResult>(string table, Func<SqliteConnection, Task<TResult>> work, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        try
        {
            return await work(connection);
        }
        catch (SqliteException e) when (IsMissingTable(e))
        {
            throw new StorageSchemaException(table, Description, typeof(SqliteSchema).FullName + "." + nameof(SqliteSchema.Sql), e);
        }
        catch (SqliteException e) when (IsUnavailable(e))
        {
            throw new StorageUnavailableException($"{Description} cannot be used: {e.Message}", e);
        }
    }

    /// <summary>Whether <paramref name="table"/> exists.</summary>
    public Task<bool> TableExistsAsync(string table, CancellationToken cancellationToken) => RunAsync(table, async connection =>
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = $name";
        command.Parameters.AddWithValue("$name", table);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) > 0;
    }, cancellationToken);

    /// <summary>Runs DDL such as <see cref="SqliteSchema.GrainStateSql"/>.</summary>
    public Task ExecuteAsync(string table, string sql, CancellationToken cancellationToken) => RunAsync(table, async connection =>
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }, cancellationToken);

    async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            if (directory.Length > 0)
            {
                Directory.CreateDirectory(directory);
            }

            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = connectionPragmas;
            await command.ExecuteNonQueryAsync(cancellationToken);
            if (Volatile.Read(ref walEnabled) == 0)
            {
                // WAL lets readers and one writer from any process work at once; the mode is stored in the file, so once is enough.
                command.CommandText = "PRAGMA journal_mode = WAL;";
                await command.ExecuteNonQueryAsync(cancellationToken);
                Volatile.Write(ref walEnabled, 1);
            }

            return connection;
        }
        catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException)
        {
            await connection.DisposeAsync();
            throw new StorageUnavailableException($"{Description} cannot be opened: {e.Message}", e);
        }
    }

    static bool IsMissingTable(SqliteException e) =>
        e.SqliteErrorCode == 1 && e.Message.Contains("no such table", StringComparison.OrdinalIgnoreCase);

    // SQLITE_PERM (3), SQLITE_BUSY (5, after the busy timeout), SQLITE_READONLY (8), SQLITE_IOERR (10), SQLITE_FULL (13),
    // SQLITE_CANTOPEN (14), SQLITE_NOTADB (26).
    static bool IsUnavailable(SqliteException e) => e.SqliteErrorCode is 3 or 5 or 8 or 10 or 13 or 14 or 26;
}
