using BigDL.Orleans.Reminders;
using BigDL.Orleans.Storage;

namespace BigDL.Orleans.Runtime.Tests.Reminders.Tables;

/// <summary>The behaviour every <see cref="IReminderTable"/> shares; each table's test class derives from this.</summary>
/// <remarks>Tables may hold other tests' rows, so range assertions look only at the grains a test made.</remarks>
public abstract class ReminderTableContractTests : IAsyncLifetime
{
    // Whole seconds: PostgreSQL keeps microseconds, the others ticks; the contract promises what all of them keep.
    protected static readonly DateTime Start = new(2026, 3, 1, 12, 30, 15, DateTimeKind.Utc);

    IReminderTable? table;

    protected IReminderTable Table => table ?? throw new InvalidOperationException("InitializeAsync has not run.");

    /// <summary>Creates a table client over the test class's store; a second call must see what the first one wrote (where durable).</summary>
    protected abstract Task<IReminderTable> CreateTableAsync();

    public virtual async Task InitializeAsync()
    {
        table = await CreateTableAsync();
        await table.InitializeAsync(CancellationToken.None);
    }

    public virtual async Task DisposeAsync()
    {
        if (table is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }
    }

    protected static GrainId NewGrainId() => new("campaign", Guid.NewGuid().ToString("N"));

    protected static ReminderEntry Entry(GrainId grainId, string name = "tick", int minutes = 5) => new()
    {
        GrainId = grainId,
        ReminderName = name,
        StartAt = Start,
        Period = TimeSpan.FromMinutes(minutes),
    };

    [Fact]
    public async Task An_upserted_reminder_reads_back_with_the_returned_etag()
    {
        var grainId = NewGrainId();

        var eTag = await Table.UpsertRowAsync(Entry(grainId));
        var read = await Table.ReadRowAsync(grainId, "tick");

        Assert.NotNull(read);
        Assert.Equal(grainId, read.GrainId);
        Assert.Equal("tick", read.ReminderName);
        Assert.Equal(Start, read.StartAt);
        Assert.Equal(DateTimeKind.Utc, read.StartAt.Kind);
        Assert.Equal(TimeSpan.FromMinutes(5), read.Period);
        Assert.Equal(eTag, read.ETag);
    }

    [Fact]
    public async Task Reading_a_missing_reminder_gives_null()
    {
        Assert.Null(await Table.ReadRowAsync(NewGrainId(), "tick"));
        Assert.Empty(await Table.ReadRowsAsync(NewGrainId()));
    }

    [Fact]
    public async Task Upserting_again_replaces_the_reminder_and_changes_its_etag()
    {
        var grainId = NewGrainId();
        var first = await Table.UpsertRowAsync(Entry(grainId, minutes: 5));

        var second = await Table.UpsertRowAsync(Entry(grainId, minutes: 10) with { ETag = first });

        Assert.NotEqual(first, second);
        var rows = await Table.ReadRowsAsync(grainId);
        var row = Assert.Single(rows);
        Assert.Equal(TimeSpan.FromMinutes(10), row.Period);
        Assert.Equal(second, row.ETag);
    }

    [Fact]
    public async Task Reading_by_grain_returns_all_of_its_reminders_and_no_others()
    {
        var grainId = NewGrainId();
        await Table.UpsertRowAsync(Entry(grainId, "a"));
        await Table.UpsertRowAsync(Entry(grainId, "b"));
        await Table.UpsertRowAsync(Entry(NewGrainId(), "a"));

        var rows = await Table.ReadRowsAsync(grainId);

        Assert.Equal(["a", "b"], rows.Select(r => r.ReminderName).Order(StringComparer.Ordinal));
        Assert.All(rows, r => Assert.Equal(grainId, r.GrainId));
    }

    [Fact]
    public async Task Removing_with_the_current_etag_removes_the_reminder()
    {
        var grainId = NewGrainId();
        var eTag = await Table.UpsertRowAsync(Entry(grainId));

        Assert.True(await Table.RemoveRowAsync(grainId, "tick", eTag));
        Assert.Null(await Table.ReadRowAsync(grainId, "tick"));
    }

    [Fact]
    public async Task Removing_with_a_stale_etag_returns_false_and_keeps_the_reminder()
    {
        var grainId = NewGrainId();
        var stale = await Table.UpsertRowAsync(Entry(grainId));
        var current = await Table.UpsertRowAsync(Entry(grainId, minutes: 7));

        Assert.False(await Table.RemoveRowAsync(grainId, "tick", stale));
        var kept = await Table.ReadRowAsync(grainId, "tick");
        Assert.Equal(current, kept?.ETag);
        Assert.Equal(TimeSpan.FromMinutes(7), kept?.Period);
    }

    [Fact]
    public async Task Removing_a_missing_reminder_returns_false()
    {
        Assert.False(await Table.RemoveRowAsync(NewGrainId(), "tick", "any"));
    }

    [Fact]
    public async Task A_range_read_returns_the_grains_whose_hash_is_above_begin_and_at_most_end()
    {
        var grains = await UpsertGrainsAsync(20);
        var begin = grains[5].GetUniformHashCode();
        var end = grains[15].GetUniformHashCode();

        var found = await ReadMineAsync(begin, end, grains);

        Assert.Equal(grains[6..16], found);
    }

    [Fact]
    public async Task A_range_read_with_begin_above_end_wraps_past_the_top_of_the_hash_ring()
    {
        var grains = await UpsertGrainsAsync(20);
        var begin = grains[15].GetUniformHashCode();
        var end = grains[5].GetUniformHashCode();

        var found = await ReadMineAsync(begin, end, grains);

        Assert.Equal(grains[..6].Concat(grains[16..]).OrderBy(g => g.GetUniformHashCode()), found);
    }

    [Theory]
    [InlineData(0u, uint.MaxValue)]
    [InlineData(12345u, 12345u)]
    public async Task The_full_range_returns_every_reminder(uint begin, uint end)
    {
        var grains = await UpsertGrainsAsync(10);

        Assert.Equal(grains, await ReadMineAsync(begin, end, grains));
    }

    [Fact]
    public async Task A_start_time_without_a_kind_is_taken_as_utc()
    {
        var grainId = NewGrainId();
        await Table.UpsertRowAsync(Entry(grainId) with { StartAt = DateTime.SpecifyKind(Start, DateTimeKind.Unspecified) });

        var read = await Table.ReadRowAsync(grainId, "tick");

        Assert.Equal(Start, read?.StartAt);
        Assert.Equal(DateTimeKind.Utc, read?.StartAt.Kind);
    }

    /// <summary>Stores one reminder for each of <paramref name="count"/> new grains and returns the grains sorted by hash.</summary>
    async Task<GrainId[]> UpsertGrainsAsync(int count)
    {
        var grains = Enumerable.Range(0, count).Select(_ => NewGrainId()).OrderBy(g => g.GetUniformHashCode()).ToArray();
        foreach (var grain in grains)
        {
            await Table.UpsertRowAsync(Entry(grain));
        }

        return grains;
    }

    async Task<GrainId[]> ReadMineAsync(uint begin, uint end, GrainId[] mine)
    {
        var rows = await Table.ReadRowsAsync(begin, end);
        return rows.Select(r => r.GrainId).Where(mine.Contains).OrderBy(g => g.GetUniformHashCode()).ToArray();
    }
}
