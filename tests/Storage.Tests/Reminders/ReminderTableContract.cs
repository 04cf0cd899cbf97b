using BigDL.Storage.Reminders;
using BigDL.Storage.Sql;
using BigDL.Storage.Tests.Fixtures;
using Microsoft.Extensions.Logging.Abstractions;

namespace BigDL.Storage.Tests.Reminders;

/// <summary>Orleans' reminder table semantics, checked against every store; each case uses a service id of its own.</summary>
public abstract class ReminderTableContract<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : class, IStoreFixture
{
    internal async Task<SqlReminderTable> NewTable(string? serviceId = null)
    {
        var table = new SqlReminderTable(fixture.Open(), serviceId ?? Entries.NewId("service"), NullLogger<SqlReminderTable>.Instance);
        await table.StartAsync();
        return table;
    }

    static ReminderEntry Reminder(GrainId grain, string name = "tick") => new()
    {
        GrainId = grain,
        ReminderName = name,
        StartAt = DateTime.UtcNow,
        Period = TimeSpan.FromMinutes(1),
    };

    static GrainId NewGrain() => GrainId.Create("reminder-test", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task An_upserted_reminder_reads_back_with_the_returned_etag()
    {
        var table = await NewTable();
        var entry = Reminder(NewGrain());

        var etag = await table.UpsertRow(entry);

        var read = await table.ReadRow(entry.GrainId, entry.ReminderName);
        Assert.NotNull(read);
        Assert.Equal(etag, read.ETag);
        Assert.Equal(entry.GrainId, read.GrainId);
        Assert.Equal(StoredTime.Of(entry.StartAt), read.StartAt);
        Assert.Equal(DateTimeKind.Utc, read.StartAt.Kind);
        Assert.Equal(entry.Period, read.Period);
    }

    [Fact]
    public async Task Reading_a_missing_reminder_gives_null()
    {
        var table = await NewTable();
        Assert.Null(await table.ReadRow(NewGrain(), "none"));
    }

    [Fact]
    public async Task Upserting_again_replaces_the_reminder_and_changes_its_etag()
    {
        var table = await NewTable();
        var entry = Reminder(NewGrain());
        var first = await table.UpsertRow(entry);
        entry.Period = TimeSpan.FromMinutes(7);

        var second = await table.UpsertRow(entry);

        Assert.NotEqual(first, second);
        var read = await table.ReadRow(entry.GrainId, entry.ReminderName);
        Assert.Equal(TimeSpan.FromMinutes(7), read!.Period);
        Assert.Single((await table.ReadRows(entry.GrainId)).Reminders);
    }

    [Fact]
    public async Task Reading_by_grain_returns_all_of_its_reminders_and_no_others()
    {
        var table = await NewTable();
        var grain = NewGrain();
        await table.UpsertRow(Reminder(grain, "a"));
        await table.UpsertRow(Reminder(grain, "b"));
        await table.UpsertRow(Reminder(NewGrain(), "a"));

        var rows = await table.ReadRows(grain);

        Assert.Equal(["a", "b"], rows.Reminders.Select(r => r.ReminderName).Order());
    }

    [Fact]
    public async Task Removing_with_the_current_etag_removes_the_reminder()
    {
        var table = await NewTable();
        var entry = Reminder(NewGrain());
        var etag = await table.UpsertRow(entry);

        Assert.True(await table.RemoveRow(entry.GrainId, entry.ReminderName, etag!));

        Assert.Null(await table.ReadRow(entry.GrainId, entry.ReminderName));
    }

    [Fact]
    public async Task Removing_with_a_stale_etag_returns_false_and_keeps_the_reminder()
    {
        var table = await NewTable();
        var entry = Reminder(NewGrain());
        var stale = await table.UpsertRow(entry);
        await table.UpsertRow(entry);

        Assert.False(await table.RemoveRow(entry.GrainId, entry.ReminderName, stale!));

        Assert.NotNull(await table.ReadRow(entry.GrainId, entry.ReminderName));
    }

    [Fact]
    public async Task A_range_read_returns_the_grains_whose_hash_is_above_begin_and_at_most_end()
    {
        var table = await NewTable();
        var grains = Enumerable.Range(0, 40).Select(_ => NewGrain()).ToList();
        foreach (var grain in grains)
        {
            await table.UpsertRow(Reminder(grain));
        }

        var hashes = grains.Select(g => g.GetUniformHashCode()).Order().ToList();
        uint begin = hashes[10], end = hashes[30];

        var rows = await table.ReadRows(begin, end);

        var expected = grains.Where(g => g.GetUniformHashCode() > begin && g.GetUniformHashCode() <= end).ToHashSet();
        Assert.Equal(20, expected.Count);
        Assert.Equal(expected, rows.Reminders.Select(r => r.GrainId).ToHashSet());
    }

    [Fact]
    public async Task A_range_read_with_begin_at_or_above_end_wraps_past_the_top_of_the_hash_ring()
    {
        var table = await NewTable();
        var grains = Enumerable.Range(0, 40).Select(_ => NewGrain()).ToList();
        foreach (var grain in grains)
        {
            await table.UpsertRow(Reminder(grain));
        }

        var hashes = grains.Select(g => g.GetUniformHashCode()).Order().ToList();
        uint begin = hashes[30], end = hashes[10];

        var wrapped = await table.ReadRows(begin, end);
        var whole = await table.ReadRows(begin, begin);

        var expected = grains.Where(g => g.GetUniformHashCode() > begin || g.GetUniformHashCode() <= end).ToHashSet();
        Assert.Equal(20, expected.Count);
        Assert.Equal(expected, wrapped.Reminders.Select(r => r.GrainId).ToHashSet());
        Assert.Equal(40, whole.Reminders.Count);
    }

    [Fact]
    public async Task Services_sharing_a_store_see_only_their_own_reminders_and_clear_only_their_own()
    {
        var mine = await NewTable();
        var theirs = await NewTable();
        var grain = NewGrain();
        await theirs.UpsertRow(Reminder(grain));
        await mine.UpsertRow(Reminder(NewGrain()));

        Assert.Empty((await mine.ReadRows(grain)).Reminders);
        await mine.TestOnlyClearTable();

        Assert.Empty((await mine.ReadRows(0, 0)).Reminders);
        Assert.Single((await theirs.ReadRows(0, 0)).Reminders);
    }

    [Fact]
    public async Task A_start_time_without_a_kind_is_taken_as_utc()
    {
        var table = await NewTable();
        var entry = Reminder(NewGrain());
        var unspecified = new DateTime(2026, 3, 1, 12, 30, 15, DateTimeKind.Unspecified);
        entry.StartAt = unspecified;

        await table.UpsertRow(entry);

        var read = await table.ReadRow(entry.GrainId, entry.ReminderName);
        Assert.Equal(DateTime.SpecifyKind(unspecified, DateTimeKind.Utc), read!.StartAt);
    }
}

public sealed class SqliteReminderTableTests(SqliteStoreFixture fixture) : ReminderTableContract<SqliteStoreFixture>(fixture);

public sealed class PostgreSqlReminderTableTests(PostgreSqlStoreFixture fixture) : ReminderTableContract<PostgreSqlStoreFixture>(fixture);
