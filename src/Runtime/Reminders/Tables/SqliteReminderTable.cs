using BigDL.Orleans.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace BigDL.Orleans.Reminders;

/// <summary>A reminder table in a SQLite file (<see cref="SqliteSchema.RemindersTable"/>), shared by the silo processes of one host.</summary>
public sealed partial class SqliteReminderTable : IReminderTable, IStorageInitializer
{
    const string Table = SqliteSchema.RemindersTable;
    const string Columns = "grain_type, grain_key, reminder_name, start_at_utc, period_ms, etag";
    const string KeyFilter = "grain_type = $type AND grain_key = $key";

    readonly SqliteDatabase database;
    readonly bool initializeSchema;
    readonly ILogger logger;
    readonly StorageSchemaGate schemaGate;

    /// <summary>Creates the table's client; the file is opened, and the table created, on <see cref="InitializeAsync"/> or first use.</summary>
    public SqliteReminderTable(SqliteStorageOptions options, ILogger<SqliteReminderTable> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        SqliteStorageOptionsValidator.ThrowIfInvalid("reminders", options);
        database = new SqliteDatabase(options);
        initializeSchema = options.InitializeSchema;
        this.logger = logger;
        schemaGate = new StorageSchemaGate(InitializeSchemaAsync);
    }

    /// <inheritdoc />
    public Task InitializeAsync(CancellationToken cancellationToken) => schemaGate.EnsureAsync(cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<ReminderEntry>> ReadRowsAsync(GrainId grainId) =>
        QueryAsync($"SELECT {Columns} FROM bigdl_reminders WHERE {KeyFilter}", command => AddKey(command, grainId));

    /// <inheritdoc />
    public Task<IReadOnlyList<ReminderEntry>> ReadRowsAsync(uint begin, uint end) =>
        QueryAsync($"SELECT {Columns} FROM bigdl_reminders WHERE {ReminderRows.RangeCondition(begin, end, "$begin", "$end")}", command =>
        {
            command.Parameters.AddWithValue("$begin", (long)begin);
            command.Parameters.AddWithValue("$end", (long)end);
        });

    /// <inheritdoc />
    public async Task<ReminderEntry?> ReadRowAsync(GrainId grainId, string reminderName)
    {
        var rows = await QueryAsync($"SELECT {Columns} FROM bigdl_reminders WHERE {KeyFilter} AND reminder_name = $name", command =>
        {
            AddKey(command, grainId);
            command.Parameters.AddWithValue("$name", reminderName);
        });
        return rows.Count == 0 ? null : rows[0];
    }

    /// <inheritdoc />
    public async Task<string> UpsertRowAsync(ReminderEntry entry)
    {
        ReminderRows.Validate(entry);
        await schemaGate.EnsureAsync(CancellationToken.None);
        var eTag = ETag.New();
        await database.RunAsync(Table, async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"""
                INSERT INTO bigdl_reminders ({Columns}, grain_hash) VALUES ($type, $key, $name, $start, $period, $etag, $hash)
                ON CONFLICT (grain_type, grain_key, reminder_name) DO UPDATE SET
                    start_at_utc = excluded.start_at_utc, period_ms = excluded.period_ms, etag = excluded.etag, grain_hash = excluded.grain_hash
                """;
            AddKey(command, entry.GrainId);
            command.Parameters.AddWithValue("$name", entry.ReminderName);
            command.Parameters.AddWithValue("$start", ReminderRows.FormatUtc(entry.StartAt));
            command.Parameters.AddWithValue("$period", ReminderRows.PeriodMilliseconds(entry));
            command.Parameters.AddWithValue("$etag", eTag);
            command.Parameters.AddWithValue("$hash", (long)entry.GrainId.GetUniformHashCode());
            return await command.ExecuteNonQueryAsync();
        });
        return eTag;
    }

    /// <inheritdoc />
    public async Task<bool> RemoveRowAsync(GrainId grainId, string reminderName, string eTag)
    {
        await schemaGate.EnsureAsync(CancellationToken.None);
        return await database.RunAsync(Table, async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"DELETE FROM bigdl_reminders WHERE {KeyFilter} AND reminder_name = $name AND etag = $etag";
            AddKey(command, grainId);
            command.Parameters.AddWithValue("$name", reminderName);
            command.Parameters.AddWithValue("$etag", eTag);
            return await command.ExecuteNonQueryAsync() == 1;
        });
    }

    async Task<IReadOnlyList<ReminderEntry>> QueryAsync(string sql, Action<SqliteCommand> addParameters)
    {
        await schemaGate.EnsureAsync(CancellationToken.None);
        return await database.RunAsync(Table, async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            addParameters(command);
            await using var reader = await command.ExecuteReaderAsync();
            var entries = new List<ReminderEntry>();
            while (await reader.ReadAsync())
            {
                entries.Add(new ReminderEntry
                {
                    GrainId = new GrainId(reader.GetString(0), reader.GetString(1)),
                    ReminderName = reader.GetString(2),
                    StartAt = ReminderRows.ParseUtc(reader.GetString(3)),
                    Period = TimeSpan.FromMilliseconds(reader.GetInt64(4)),
                    ETag = reader.GetString(5),
                });
            }

            return (IReadOnlyList<ReminderEntry>)entries;
        });
    }

    async Task InitializeSchemaAsync(CancellationToken cancellationToken)
    {
        if (initializeSchema)
        {
            await database.ExecuteAsync(Table, SqliteSchema.RemindersSql, cancellationToken);
        }
        else if (!await database.TableExistsAsync(Table, cancellationToken))
        {
            throw new StorageSchemaException(Table, database.Description, typeof(SqliteSchema).FullName + "." + nameof(SqliteSchema.RemindersSql), null);
        }

        LogReady(Table, database.Description);
    }

    static void AddKey(SqliteCommand command, GrainId grainId)
    {
        command.Parameters.AddWithValue("$type", grainId.Type);
        command.Parameters.AddWithValue("$key", grainId.Key);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Reminder table {Table} is ready in {Database}")]
    private partial void LogReady(string table, string database);
}
