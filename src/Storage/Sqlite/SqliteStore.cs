using System.Data;
using System.Data.Common;
using System.Globalization;
using BigDL.Storage.Sql;
using Microsoft.Data.Sqlite;

namespace BigDL.Storage.Sqlite;

/// <summary>A store in one SQLite file, opened so that the silo processes of one host can share it.</summary>
/// <remarks>
/// The file is in WAL mode, so readers in any process go on while one connection writes, and every connection waits up
/// to the busy timeout for a lock instead of failing at once. A write transaction is <c>BEGIN IMMEDIATE</c>: it takes
/// the file's write lock before its first read, so nothing can change between a version check and the write.
/// </remarks>
internal sealed class SqliteStore : SqlStore
{
    readonly string connectionString;
    readonly string folder;
    readonly string connectionPragmas;
    int walEnabled;

    public SqliteStore(string setting, TimeSpan busyTimeout, bool createSchema) : base(createSchema)
    {
        var builder = SqliteConnectionStrings.Parse(setting);
        // Microsoft.Data.Sqlite retries a busy statement until the command timeout; keep it at least the busy timeout.
        builder.DefaultTimeout = Math.Max(builder.DefaultTimeout, (int)Math.Ceiling(busyTimeout.TotalSeconds));
        builder.Pooling = true;
        connectionString = builder.ConnectionString;
        folder = SqliteConnectionStrings.IsInMemory(builder) ? string.Empty : Path.GetDirectoryName(builder.DataSource) ?? string.Empty;
        Description = SqliteConnectionStrings.Describe(builder);
        // busy_timeout and synchronous are per connection. In WAL mode NORMAL keeps every commit through a process crash;
        // only a power loss can undo the last few, and it saves an fsync per write.
        connectionPragmas = string.Create(CultureInfo.InvariantCulture, $"PRAGMA busy_timeout = {(long)busyTimeout.TotalMilliseconds}; PRAGMA synchronous = NORMAL;");
    }

    public override string Description { get; }

    public override StoreKind Kind => StoreKind.Sqlite;

    // Serializable and not deferred is BEGIN IMMEDIATE; a deferred transaction would read first and could then fail to
    // upgrade its lock with SQLITE_BUSY, which the busy timeout does not cover.
    public override Task<DbTransaction> BeginWriteTransactionAsync(DbConnection connection, CancellationToken cancellationToken) =>
        Task.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(IsolationLevel.Serializable, deferred: false));

    public override object WriteTime(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    public override DateTime ReadTime(DbDataReader reader, int ordinal) => DateTime.SpecifyKind(
        DateTime.Parse(reader.GetString(ordinal), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal),
        DateTimeKind.Utc);

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private protected override async Task<TResult> RunOnConnectionAsync<TResult>(Func<DbConnection, Task<TResult>> work, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        try
        {
            return await work(connection);
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 1 && e.Message.Contains("no such table", StringComparison.OrdinalIgnoreCase))
        {
            throw MissingTable(e.Message[(e.Message.LastIndexOf(' ') + 1)..].TrimEnd('.', '\''), e);
        }
        catch (SqliteException e) when (IsUnavailable(e))
        {
            throw new StoreException($"Store: {Description} cannot be used: {OneLine(e.Message)}", e);
        }
    }

    private protected override Task CreateTablesAsync(CancellationToken cancellationToken) => RunOnConnectionAsync(async connection =>
    {
        // One transaction, so that a silo starting beside another sees all the tables or none.
        await using var transaction = await BeginWriteTransactionAsync(connection, cancellationToken);
        await using var command = connection.Command(SqliteSchemaSql.Sql, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }, cancellationToken);

    private protected override async Task<bool> TableExistsAsync(DbConnection connection, string table, CancellationToken cancellationToken)
    {
        await using var command = connection.Command("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = @name").With("name", table);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) > 0;
    }

    async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (folder.Length > 0 && !Directory.Exists(folder))
        {
            // Not created here: a mistyped path would otherwise start an empty cluster beside the real one.
            throw new StoreException($"Store: the folder '{folder}' of {Description} does not exist; create it or name another file.");
        }

        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = connectionPragmas;
            await command.ExecuteNonQueryAsync(cancellationToken);
            if (Volatile.Read(ref walEnabled) == 0)
            {
                // The journal mode is stored in the file, so once per process is enough.
                command.CommandText = "PRAGMA journal_mode = WAL;";
                await command.ExecuteNonQueryAsync(cancellationToken);
                Volatile.Write(ref walEnabled, 1);
            }

            return connection;
        }
        catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException)
        {
            await connection.DisposeAsync();
            throw new StoreException($"Store: {Description} cannot be opened: {OneLine(e.Message)}", e);
        }
    }

    // SQLITE_PERM (3), SQLITE_BUSY (5, after the busy timeout), SQLITE_READONLY (8), SQLITE_IOERR (10), SQLITE_FULL (13),
    // SQLITE_CANTOPEN (14), SQLITE_NOTADB (26).
    static bool IsUnavailable(SqliteException e) => e.SqliteErrorCode is 3 or 5 or 8 or 10 or 13 or 14 or 26;

    static string OneLine(string message) => message.ReplaceLineEndings(" ");
}
