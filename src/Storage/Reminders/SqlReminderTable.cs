using System.Data.Common;
using BigDL.Storage.Sql;
using Microsoft.Extensions.Logging;

namespace BigDL.Storage.Reminders;

/// <summary>Orleans' reminder table in a SQLite or PostgreSQL store, for one service of the several the table may hold.</summary>
/// <remarks>
/// Rows are keyed by service, grain and reminder name and carry the grain's uniform hash, so a silo reads the reminders
/// of its hash range with one indexed query. Start times keep whole microseconds (PostgreSQL's precision) in both stores.
/// </remarks>
internal sealed partial class SqlReminderTable(SqlStore store, string serviceId, ILogger<SqlReminderTable> logger) : IReminderTable, IAsyncDisposable
{
    const string Columns = "grain_id, reminder_name, start_time, period_ms, etag";
    const string KeyFilter = "service_id = @service AND grain_id = @grain";

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await store.EnsureSchemaAsync(cancellationToken);
        LogReady(serviceId, store.Description);
    }

    [Obsolete("Orleans calls StartAsync.")]
    public Task Init() => StartAsync();

    public Task StopAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task<ReminderTableData> ReadRows(GrainId grainId) => ReadRows(grainId, CancellationToken.None);

    public Task<ReminderTableData> ReadRows(GrainId grainId, CancellationToken cancellationToken) =>
        QueryAsync($"SELECT {Columns} FROM bigdl_reminder_entries WHERE {KeyFilter}", command => command.With("grain", grainId.ToString()), cancellationToken);

    public Task<ReminderTableData> ReadRows(uint begin, uint end) => ReadRows(begin, end, CancellationToken.None);

    public Task<ReminderTableData> ReadRows(uint begin, uint end, CancellationToken cancellationToken) =>
        QueryAsync($"SELECT {Columns} FROM bigdl_reminder_entries WHERE service_id = @service AND {ReminderRanges.Condition(begin, end)}",
            command => command.With("begin", (long)begin).With("end", (long)end), cancellationToken);

    public Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName) => ReadRow(grainId, reminderName, CancellationToken.None);

    public async Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reminderName);
        var rows = await QueryAsync($"SELECT {Columns} FROM bigdl_reminder_entries WHERE {KeyFilter} AND reminder_name = @name",
            command => command.With("grain", grainId.ToString()).With("name", reminderName), cancellationToken);
        return rows.Reminders.Count == 0 ? null : rows.Reminders[0];
    }

    public Task<string?> UpsertRow(ReminderEntry entry) => UpsertRow(entry, CancellationToken.None);

    public async Task<string?> UpsertRow(ReminderEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentException.ThrowIfNullOrEmpty(entry.ReminderName, nameof(entry));
        if (entry.GrainId.IsDefault)
        {
            throw new ArgumentException("The reminder names no grain.", nameof(entry));
        }

        var eTag = ETags.New();
        await store.RunAsync(async connection =>
        {
            await using var command = connection.Command($"""
                INSERT INTO bigdl_reminder_entries (service_id, {Columns}, grain_hash) VALUES (@service, @grain, @name, @start, @period, @etag, @hash)
                ON CONFLICT (service_id, grain_id, reminder_name) DO UPDATE SET
                    start_time = excluded.start_time, period_ms = excluded.period_ms, etag = excluded.etag, grain_hash = excluded.grain_hash
                """)
                .With("service", serviceId)
                .With("grain", entry.GrainId.ToString())
                .With("name", entry.ReminderName)
                .With("start", store.WriteTime(StoredTime.Of(entry.StartAt)))
                .With("period", (long)entry.Period.TotalMilliseconds)
                .With("etag", eTag)
                .With("hash", (long)entry.GrainId.GetUniformHashCode());
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);
        return eTag;
    }

    public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag) => RemoveRow(grainId, reminderName, eTag, CancellationToken.None);

    public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag, CancellationToken cancellationToken) => store.RunAsync(async connection =>
    {
        await using var command = connection.Command($"DELETE FROM bigdl_reminder_entries WHERE {KeyFilter} AND reminder_name = @name AND etag = @etag")
            .With("service", serviceId).With("grain", grainId.ToString()).With("name", reminderName).With("etag", eTag);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }, cancellationToken);

    public Task TestOnlyClearTable() => TestOnlyClearTable(CancellationToken.None);

    public Task TestOnlyClearTable(CancellationToken cancellationToken) => store.RunAsync(async connection =>
    {
        await using var command = connection.Command("DELETE FROM bigdl_reminder_entries WHERE service_id = @service").With("service", serviceId);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }, cancellationToken);

    public ValueTask DisposeAsync() => store.DisposeAsync();

    Task<ReminderTableData> QueryAsync(string sql, Action<DbCommand> addParameters, CancellationToken cancellationToken) => store.RunAsync(async connection =>
    {
        await using var command = connection.Command(sql).With("service", serviceId);
        addParameters(command);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var entries = new List<ReminderEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new ReminderEntry
            {
                GrainId = GrainId.Parse(reader.GetString(0)),
                ReminderName = reader.GetString(1),
                StartAt = store.ReadTime(reader, 2),
                Period = TimeSpan.FromMilliseconds(reader.GetInt64(3)),
                ETag = reader.GetString(4),
            });
        }

        return new ReminderTableData(entries);
    }, cancellationToken);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reminder table of service {ServiceId} is ready in {Database}")]
    private partial void LogReady(string serviceId, string database);
}
