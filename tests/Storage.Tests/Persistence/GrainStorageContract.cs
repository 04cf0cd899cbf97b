using BigDL.Storage.Persistence;
using BigDL.Storage.Tests.Fixtures;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Storage;

namespace BigDL.Storage.Tests.Persistence;

/// <summary>Orleans' grain storage semantics with ETag conflicts, checked against every store; each case uses a service id of its own.</summary>
public abstract class GrainStorageContract<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : class, IStoreFixture
{
    readonly string serviceId = Entries.NewId("service");

    internal SqlGrainStorage NewStorage(bool deleteStateOnClear = true) =>
        new("test", fixture.Open(), serviceId, new TestSerializer(), deleteStateOnClear, NullLogger<SqlGrainStorage>.Instance);

    static GrainId NewGrain() => GrainId.Create("storage-test", Guid.NewGuid().ToString("N"));

    static async Task<GrainState<Counter>> Read(SqlGrainStorage storage, GrainId grain, string name = "state")
    {
        var state = new GrainState<Counter>();
        await storage.ReadStateAsync(name, grain, state);
        return state;
    }

    [Fact]
    public async Task Reading_a_missing_state_gives_a_new_state_and_no_etag()
    {
        var state = await Read(NewStorage(), NewGrain());

        Assert.NotNull(state.State);
        Assert.Equal(0, state.State!.Value);
        Assert.Null(state.ETag);
        Assert.False(state.RecordExists);
    }

    [Fact]
    public async Task A_written_state_reads_back_with_the_etag_the_write_set()
    {
        var storage = NewStorage();
        var grain = NewGrain();
        var state = await Read(storage, grain);
        state.State = new Counter { Value = 42, Note = "ünïcode ✓" };

        await storage.WriteStateAsync("state", grain, state);

        Assert.NotNull(state.ETag);
        Assert.True(state.RecordExists);
        var read = await Read(NewStorage(), grain);
        Assert.Equal((42, "ünïcode ✓"), (read.State!.Value, read.State!.Note));
        Assert.Equal(state.ETag, read.ETag);
        Assert.True(read.RecordExists);
    }

    [Fact]
    public async Task Every_write_gives_a_new_etag_and_the_latest_value_wins()
    {
        var storage = NewStorage();
        var grain = NewGrain();
        var state = await Read(storage, grain);
        var etags = new HashSet<string>();
        for (var i = 1; i <= 3; i++)
        {
            state.State!.Value = i;
            await storage.WriteStateAsync("state", grain, state);
            Assert.True(etags.Add(state.ETag!));
        }

        Assert.Equal(3, (await Read(storage, grain)).State!.Value);
    }

    [Fact]
    public async Task A_second_writer_with_a_stale_etag_is_refused_and_the_stored_state_stays_as_it_was()
    {
        var storage = NewStorage();
        var grain = NewGrain();
        var first = await Read(storage, grain);
        first.State!.Value = 1;
        await storage.WriteStateAsync("state", grain, first);
        var stale = await Read(storage, grain);
        first.State!.Value = 2;
        await storage.WriteStateAsync("state", grain, first);

        stale.State!.Value = 99;
        var error = await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("state", grain, stale));

        Assert.Equal(first.ETag, error.StoredEtag);
        var read = await Read(storage, grain);
        Assert.Equal(2, read.State!.Value);
        Assert.Equal(first.ETag, read.ETag);
    }

    [Fact]
    public async Task A_first_write_when_another_writer_stored_a_row_is_refused_and_keeps_the_row()
    {
        var storage = NewStorage();
        var grain = NewGrain();
        var winner = await Read(storage, grain);
        var loser = await Read(storage, grain);
        winner.State!.Value = 1;
        await storage.WriteStateAsync("state", grain, winner);

        loser.State!.Value = 2;
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("state", grain, loser));

        Assert.Equal(1, (await Read(storage, grain)).State!.Value);
    }

    [Fact]
    public async Task Of_concurrent_writers_holding_the_same_etag_exactly_one_wins()
    {
        var storage = NewStorage();
        var grain = NewGrain();
        var seed = await Read(storage, grain);
        await storage.WriteStateAsync("state", grain, seed);

        var outcomes = await Task.WhenAll(Enumerable.Range(1, 8).Select(i => Task.Run(async () =>
        {
            var mine = new GrainState<Counter> { State = new Counter { Value = i }, ETag = seed.ETag, RecordExists = true };
            try
            {
                await NewStorage().WriteStateAsync("state", grain, mine);
                return i;
            }
            catch (InconsistentStateException)
            {
                return 0;
            }
        })));

        var winner = Assert.Single(outcomes, i => i != 0);
        Assert.Equal(winner, (await Read(storage, grain)).State!.Value);
    }

    [Fact]
    public async Task Clearing_deletes_the_state_and_resets_the_grain_state()
    {
        var storage = NewStorage(deleteStateOnClear: true);
        var grain = NewGrain();
        var state = await Read(storage, grain);
        state.State!.Value = 5;
        await storage.WriteStateAsync("state", grain, state);

        await storage.ClearStateAsync("state", grain, state);

        Assert.Equal(0, state.State!.Value);
        Assert.Null(state.ETag);
        Assert.False(state.RecordExists);
        var read = await Read(storage, grain);
        Assert.Null(read.ETag);
        Assert.False(read.RecordExists);
        state.State!.Value = 6;
        await storage.WriteStateAsync("state", grain, state); // a cleared state is stored anew
        Assert.Equal(6, (await Read(storage, grain)).State!.Value);
    }

    [Fact]
    public async Task Clearing_without_deleting_keeps_a_row_with_no_state_and_a_new_etag()
    {
        var storage = NewStorage(deleteStateOnClear: false);
        var grain = NewGrain();
        var state = await Read(storage, grain);
        state.State!.Value = 5;
        await storage.WriteStateAsync("state", grain, state);
        var written = state.ETag;

        await storage.ClearStateAsync("state", grain, state);

        Assert.NotNull(state.ETag);
        Assert.NotEqual(written, state.ETag);
        Assert.False(state.RecordExists);
        var read = await Read(storage, grain);
        Assert.Equal(state.ETag, read.ETag);
        Assert.False(read.RecordExists);
        Assert.Equal(0, read.State!.Value);
        read.State!.Value = 7;
        await storage.WriteStateAsync("state", grain, read);
        Assert.Equal(7, (await Read(storage, grain)).State!.Value);
    }

    [Fact]
    public async Task Clearing_with_a_stale_etag_is_refused_and_the_stored_state_stays_as_it_was()
    {
        var storage = NewStorage();
        var grain = NewGrain();
        var state = await Read(storage, grain);
        state.State!.Value = 1;
        await storage.WriteStateAsync("state", grain, state);
        var stale = await Read(storage, grain);
        state.State!.Value = 2;
        await storage.WriteStateAsync("state", grain, state);

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync("state", grain, stale));

        Assert.Equal(2, (await Read(storage, grain)).State!.Value);
    }

    [Fact]
    public async Task Clearing_a_state_that_was_never_stored_succeeds_but_not_when_another_writer_stored_one()
    {
        var storage = NewStorage();
        var grain = NewGrain();
        var never = await Read(storage, grain);
        await storage.ClearStateAsync("state", grain, never);

        var late = await Read(storage, grain);
        var writer = await Read(storage, grain);
        await storage.WriteStateAsync("state", grain, writer);

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync("state", grain, late));
        Assert.NotNull((await Read(storage, grain)).ETag);
    }

    [Fact]
    public async Task States_of_other_names_other_grains_and_other_services_are_independent()
    {
        var storage = NewStorage();
        var grain = NewGrain();
        var state = await Read(storage, grain);
        state.State!.Value = 3;
        await storage.WriteStateAsync("state", grain, state);

        Assert.Null((await Read(storage, grain, "other")).ETag);
        Assert.Null((await Read(storage, NewGrain())).ETag);
        var otherService = new SqlGrainStorage("test", fixture.Open(), Entries.NewId("service"), new TestSerializer(), true, NullLogger<SqlGrainStorage>.Instance);
        Assert.Null((await Read(otherService, grain)).ETag);
    }

    [Fact]
    public async Task A_stored_state_that_does_not_fit_the_type_fails_naming_the_grain_and_changes_nothing()
    {
        var storage = NewStorage();
        var grain = NewGrain();
        var text = new GrainState<string> { State = "not a counter" };
        await storage.WriteStateAsync("state", grain, text);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => Read(storage, grain));

        Assert.Contains(grain.ToString(), error.Message, StringComparison.Ordinal);
        var again = new GrainState<string>();
        await storage.ReadStateAsync("state", grain, again);
        Assert.Equal("not a counter", again.State);
    }
}

public sealed class SqliteGrainStorageTests(SqliteStoreFixture fixture) : GrainStorageContract<SqliteStoreFixture>(fixture);

public sealed class PostgreSqlGrainStorageTests(PostgreSqlStoreFixture fixture) : GrainStorageContract<PostgreSqlStoreFixture>(fixture);
