using BigDL.Orleans.Storage;

namespace BigDL.Orleans.Runtime.Tests.Storage;

/// <summary>The behaviour every <see cref="IGrainStorage"/> provider shares; each provider's test class derives from this.</summary>
public abstract class GrainStorageContractTests : IAsyncLifetime
{
    protected const string StateName = "counter";

    IGrainStorage? storage;

    /// <summary>Gets the provider under test, a fresh instance per test.</summary>
    protected IGrainStorage Storage => storage ?? throw new InvalidOperationException("InitializeAsync has not run.");

    /// <summary>Creates a provider over the test class's store; a second call must see what the first one wrote (where the store is durable).</summary>
    protected abstract Task<IGrainStorage> CreateStorageAsync();

    public virtual async Task InitializeAsync()
    {
        storage = await CreateStorageAsync();
        if (storage is IStorageInitializer initializer)
        {
            await initializer.InitializeAsync(CancellationToken.None);
        }
    }

    public virtual async Task DisposeAsync()
    {
        if (storage is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }
    }

    protected static GrainId NewGrainId() => new("contract", Guid.NewGuid().ToString("N"));

    protected async Task<GrainState<CounterState>> ReadAsync(GrainId grainId, IGrainStorage? from = null)
    {
        var state = new GrainState<CounterState>();
        await (from ?? Storage).ReadStateAsync(StateName, grainId, state);
        return state;
    }

    protected async Task<GrainState<CounterState>> WriteNewAsync(GrainId grainId, int value)
    {
        var state = new GrainState<CounterState>(new CounterState { Value = value, Items = ["a", "b"] });
        await Storage.WriteStateAsync(StateName, grainId, state);
        return state;
    }

    [Fact]
    public async Task Reading_a_missing_state_gives_the_default_state_and_no_etag()
    {
        var state = new GrainState<CounterState>(new CounterState { Value = 99 }, "stale") { RecordExists = true };

        await Storage.ReadStateAsync(StateName, NewGrainId(), state);

        Assert.Equal(0, state.State.Value);
        Assert.Empty(state.State.Items);
        Assert.Null(state.ETag);
        Assert.False(state.RecordExists);
    }

    [Fact]
    public async Task A_written_state_reads_back_with_the_etag_the_write_set()
    {
        var grainId = NewGrainId();
        var written = await WriteNewAsync(grainId, 42);

        var read = await ReadAsync(grainId);

        Assert.NotNull(written.ETag);
        Assert.True(written.RecordExists);
        Assert.Equal(42, read.State.Value);
        Assert.Equal(["a", "b"], read.State.Items);
        Assert.Equal(written.ETag, read.ETag);
        Assert.True(read.RecordExists);
    }

    [Fact]
    public async Task Every_write_gives_a_new_etag_and_the_latest_value_wins()
    {
        var grainId = NewGrainId();
        var state = await WriteNewAsync(grainId, 1);
        var first = state.ETag;

        state.State.Value = 2;
        await Storage.WriteStateAsync(StateName, grainId, state);

        Assert.NotEqual(first, state.ETag);
        Assert.Equal(2, (await ReadAsync(grainId)).State.Value);
    }

    [Fact]
    public async Task Clearing_removes_the_state_and_resets_the_grain_state()
    {
        var grainId = NewGrainId();
        var state = await WriteNewAsync(grainId, 7);

        await Storage.ClearStateAsync(StateName, grainId, state);

        Assert.Equal(0, state.State.Value);
        Assert.Null(state.ETag);
        Assert.False(state.RecordExists);
        var read = await ReadAsync(grainId);
        Assert.False(read.RecordExists);
        Assert.Null(read.ETag);
    }

    [Fact]
    public async Task A_state_cleared_and_written_again_is_stored_anew()
    {
        var grainId = NewGrainId();
        var state = await WriteNewAsync(grainId, 7);
        await Storage.ClearStateAsync(StateName, grainId, state);

        state.State.Value = 8;
        await Storage.WriteStateAsync(StateName, grainId, state);

        Assert.Equal(8, (await ReadAsync(grainId)).State.Value);
    }

    [Fact]
    public async Task Clearing_a_state_that_was_never_stored_succeeds()
    {
        var state = new GrainState<CounterState>(new CounterState { Value = 3 });

        await Storage.ClearStateAsync(StateName, NewGrainId(), state);

        Assert.Equal(0, state.State.Value);
        Assert.False(state.RecordExists);
    }

    [Fact]
    public async Task A_second_writer_with_a_stale_etag_fails_and_the_stored_state_stays_as_it_was()
    {
        var grainId = NewGrainId();
        await WriteNewAsync(grainId, 1);
        var first = await ReadAsync(grainId);
        var second = await ReadAsync(grainId);
        first.State.Value = 10;
        await Storage.WriteStateAsync(StateName, grainId, first);

        second.State.Value = 20;
        var staleETag = second.ETag;
        var error = await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync(StateName, grainId, second));

        Assert.Equal(first.ETag, error.StoredETag);
        Assert.Equal(staleETag, error.CurrentETag);
        Assert.Equal(staleETag, second.ETag);
        var stored = await ReadAsync(grainId);
        Assert.Equal(10, stored.State.Value);
        Assert.Equal(first.ETag, stored.ETag);
    }

    [Fact]
    public async Task Inserting_when_a_row_already_exists_fails_and_keeps_the_row()
    {
        var grainId = NewGrainId();
        var existing = await WriteNewAsync(grainId, 5);

        var fresh = new GrainState<CounterState>(new CounterState { Value = 6 });
        var error = await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync(StateName, grainId, fresh));

        Assert.Equal(existing.ETag, error.StoredETag);
        Assert.Null(error.CurrentETag);
        Assert.Null(fresh.ETag);
        Assert.False(fresh.RecordExists);
        var stored = await ReadAsync(grainId);
        Assert.Equal(5, stored.State.Value);
        Assert.Equal(existing.ETag, stored.ETag);
    }

    [Fact]
    public async Task Writing_with_an_etag_after_the_row_was_deleted_fails()
    {
        var grainId = NewGrainId();
        var first = await WriteNewAsync(grainId, 1);
        var second = await ReadAsync(grainId);
        await Storage.ClearStateAsync(StateName, grainId, first);

        var error = await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync(StateName, grainId, second));

        Assert.Null(error.StoredETag);
        Assert.False((await ReadAsync(grainId)).RecordExists);
    }

    [Fact]
    public async Task Clearing_with_a_stale_etag_fails_and_the_stored_state_stays_as_it_was()
    {
        var grainId = NewGrainId();
        var stale = await WriteNewAsync(grainId, 1);
        var current = await ReadAsync(grainId);
        current.State.Value = 2;
        await Storage.WriteStateAsync(StateName, grainId, current);
        var staleETag = stale.ETag;

        var error = await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.ClearStateAsync(StateName, grainId, stale));

        Assert.Equal(current.ETag, error.StoredETag);
        Assert.Equal(staleETag, stale.ETag);
        Assert.Equal(1, stale.State.Value);
        var stored = await ReadAsync(grainId);
        Assert.Equal(2, stored.State.Value);
        Assert.Equal(current.ETag, stored.ETag);
    }

    [Fact]
    public async Task Clearing_without_an_etag_fails_when_another_writer_stored_a_row()
    {
        var grainId = NewGrainId();
        var unaware = await ReadAsync(grainId);
        var writer = await WriteNewAsync(grainId, 4);

        var error = await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.ClearStateAsync(StateName, grainId, unaware));

        Assert.Equal(writer.ETag, error.StoredETag);
        Assert.Equal(4, (await ReadAsync(grainId)).State.Value);
    }

    [Fact]
    public async Task Of_concurrent_writers_holding_the_same_etag_exactly_one_wins()
    {
        var grainId = NewGrainId();
        await WriteNewAsync(grainId, 0);
        var writers = new List<GrainState<CounterState>>();
        for (var i = 1; i <= 8; i++)
        {
            var state = await ReadAsync(grainId);
            state.State.Value = i;
            writers.Add(state);
        }

        var outcomes = await Task.WhenAll(writers.Select(async state =>
        {
            await Task.Yield();
            try
            {
                await Storage.WriteStateAsync(StateName, grainId, state);
                return true;
            }
            catch (InconsistentStateException)
            {
                return false;
            }
        }));

        Assert.Single(outcomes, won => won);
        var winner = writers[Array.IndexOf(outcomes, true)];
        var stored = await ReadAsync(grainId);
        Assert.Equal(winner.State.Value, stored.State.Value);
        Assert.Equal(winner.ETag, stored.ETag);
    }

    [Fact]
    public async Task Of_concurrent_first_inserts_exactly_one_wins()
    {
        var grainId = NewGrainId();
        var writers = Enumerable.Range(1, 8).Select(i => new GrainState<CounterState>(new CounterState { Value = i })).ToList();

        var outcomes = await Task.WhenAll(writers.Select(async state =>
        {
            await Task.Yield();
            try
            {
                await Storage.WriteStateAsync(StateName, grainId, state);
                return true;
            }
            catch (InconsistentStateException)
            {
                return false;
            }
        }));

        Assert.Single(outcomes, won => won);
        Assert.Equal(writers[Array.IndexOf(outcomes, true)].State.Value, (await ReadAsync(grainId)).State.Value);
    }

    [Fact]
    public async Task Changing_the_state_object_after_a_write_does_not_change_what_is_stored()
    {
        var grainId = NewGrainId();
        var state = await WriteNewAsync(grainId, 1);

        state.State.Value = 100;
        state.State.Items.Add("unsaved");

        var stored = await ReadAsync(grainId);
        Assert.Equal(1, stored.State.Value);
        Assert.Equal(["a", "b"], stored.State.Items);
        Assert.NotSame(state.State, stored.State);
    }

    [Fact]
    public async Task States_of_other_names_and_other_grains_are_independent()
    {
        var grainId = NewGrainId();
        var other = NewGrainId();
        await WriteNewAsync(grainId, 1);

        var otherName = new GrainState<CounterState>();
        await Storage.ReadStateAsync("other-state", grainId, otherName);
        var otherGrain = await ReadAsync(other);

        Assert.False(otherName.RecordExists);
        Assert.False(otherGrain.RecordExists);
        Assert.True((await ReadAsync(grainId)).RecordExists);
    }

    [Fact]
    public async Task A_record_state_with_nan_and_infinity_round_trips()
    {
        var grainId = NewGrainId();
        var state = new GrainState<MetricState>(new MetricState("val_loss", double.NaN, [1.5, double.PositiveInfinity, 0.25]));
        await Storage.WriteStateAsync("metrics", grainId, state);

        var read = new GrainState<MetricState>();
        await Storage.ReadStateAsync("metrics", grainId, read);

        Assert.Equal("val_loss", read.State.Name);
        Assert.True(double.IsNaN(read.State.Loss));
        Assert.Equal([1.5, double.PositiveInfinity, 0.25], read.State.History);
    }

    [Fact]
    public async Task A_state_that_cannot_be_serialized_fails_naming_the_grain_and_stores_nothing()
    {
        var grainId = NewGrainId();
        var state = new GrainState<UnserializableState>();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Storage.WriteStateAsync("odd", grainId, state));

        Assert.Contains(grainId.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Contains("'odd'", error.Message, StringComparison.Ordinal);
        Assert.Null(state.ETag);
        var read = new GrainState<CounterState>();
        await Storage.ReadStateAsync("odd", grainId, read);
        Assert.False(read.RecordExists);
    }

    [Fact]
    public async Task A_missing_record_state_reads_as_null_because_records_have_no_parameterless_constructor()
    {
        var read = new GrainState<MetricState>(new MetricState("x", 1, []));

        await Storage.ReadStateAsync("metrics", NewGrainId(), read);

        Assert.Null(read.State);
        Assert.False(read.RecordExists);
    }
}
