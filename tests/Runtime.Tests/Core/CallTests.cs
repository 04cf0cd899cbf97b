using System.Diagnostics;
using BigDL.Orleans.Runtime.Tests.Grains;
using BigDL.Orleans.Serialization;

namespace BigDL.Orleans.Runtime.Tests.Core;

public sealed class CallTests : IAsyncLifetime
{
    TestSilo silo = null!;

    public async Task InitializeAsync() => silo = await TestSilo.StartAsync(o =>
    {
        o.ResponseTimeout = TimeSpan.FromSeconds(2);
        o.DeactivationTimeout = TimeSpan.FromSeconds(1); // Hang() leaves turns that never end; shutdown gives up on them after this
    });

    public async Task DisposeAsync() => await silo.DisposeAsync();

    [Fact]
    public async Task A_call_cycle_among_non_reentrant_grains_fails_at_once_naming_the_cycle()
    {
        var a = silo.Client.GetGrain<IPingGrain>("cycle-a-" + Key());
        var bKey = "cycle-b-" + Key();
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<DeadlockException>(() => a.Ping(bKey, hopsLeft: 2)); // a → b → a

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1.5), $"took {clock.Elapsed}, the response timeout is 2 s"); // fails fast, not by timing out
        Assert.Equal([a.GetGrainId(), new GrainId("ping", bKey), a.GetGrainId()], error.Cycle);
        Assert.Contains($"{a.GetGrainId()} → ping/{bKey} → {a.GetGrainId()}", error.Message);
    }

    [Fact]
    public async Task A_call_cycle_among_reentrant_grains_completes()
    {
        var a = silo.Client.GetGrain<IReentrantPingGrain>("r-a-" + Key());

        var last = await a.Ping("r-b", hopsLeft: 3); // a → b → a → b

        Assert.Equal("r-b", last);
    }

    [Fact]
    public async Task A_chain_without_a_cycle_completes()
    {
        var a = silo.Client.GetGrain<IPingGrain>("chain-a-" + Key());

        Assert.Equal("chain-b", await a.Ping("chain-b", hopsLeft: 1));
    }

    [Fact]
    public async Task Exceptions_thrown_by_a_grain_reach_the_caller_with_their_type_and_message()
    {
        var grain = silo.Client.GetGrain<IBehaviourGrain>(Key());

        var argument = await Assert.ThrowsAsync<ArgumentException>(() => grain.Throw("bad learning rate"));
        var custom = await Assert.ThrowsAsync<CustomGrainException>(() => grain.ThrowCustom("diverged"));

        Assert.Equal("bad learning rate", argument.Message);
        Assert.Equal("diverged", custom.Message);
        Assert.Equal(5, await grain.Echo(5)); // the grain keeps serving after a failed call
    }

    [Fact]
    public async Task A_call_that_hangs_times_out_after_the_response_timeout()
    {
        var grain = silo.Client.GetGrain<IBehaviourGrain>(Key());
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<TimeoutException>(grain.Hang);

        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1.9), $"timed out after {clock.Elapsed}, before the 2 s timeout");
        Assert.Contains("IBehaviourGrain.Hang", error.Message);
    }

    [Fact]
    public async Task A_method_level_response_timeout_overrides_the_silo_default()
    {
        var grain = silo.Client.GetGrain<IBehaviourGrain>(Key());
        var clock = Stopwatch.StartNew();

        await Assert.ThrowsAsync<TimeoutException>(grain.HangWithShortTimeout);

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1.9), $"took {clock.Elapsed}; the method's own timeout is 200 ms");
    }

    [Fact]
    public async Task Cancelling_the_callers_token_cancels_the_call_and_the_grains_token()
    {
        var grain = silo.Client.GetGrain<IBehaviourGrain>(Key());
        using var cts = new CancellationTokenSource();

        var call = grain.WaitForCancellation(cts.Token);
        await Eventually.TrueAsync(grain.IsWaitingForCancellation, "the grain method started");
        Assert.False(call.IsCompleted);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        await Eventually.TrueAsync(grain.SawCancellation, "the grain observed the cancellation");
    }

    [Fact]
    public async Task A_call_cancelled_while_queued_fails_at_once_and_never_runs()
    {
        var grain = silo.Client.GetGrain<IBehaviourGrain>(Key());
        _ = grain.Hang(); // holds the non-reentrant grain's turn, so the next call queues behind it
        using var cts = new CancellationTokenSource();

        var queued = grain.WaitForCancellation(cts.Token);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queued.WaitAsync(TimeSpan.FromSeconds(1.5))); // before Hang's 2 s timeout
        Assert.False(await grain.IsWaitingForCancellation());
    }

    [Fact]
    public async Task A_caller_mutating_an_argument_after_the_call_does_not_change_the_grains_copy()
    {
        var grain = silo.Client.GetGrain<IBehaviourGrain>(Key());
        var values = new List<int> { 1, 2, 3 };

        await grain.Store(values);
        values.Add(4);
        values[0] = 100;

        Assert.Equal([1, 2, 3], await grain.GetStored());
    }

    [Fact]
    public async Task A_caller_mutating_a_returned_value_does_not_change_the_grains_state()
    {
        var grain = silo.Client.GetGrain<IBehaviourGrain>(Key());
        await grain.Store([1, 2]);

        var returned = await grain.GetStored();
        returned.Clear();

        Assert.Equal([1, 2], await grain.GetStored());
    }

    [Fact]
    public async Task An_immutable_payload_is_passed_without_copying()
    {
        var grain = silo.Client.GetGrain<IBehaviourGrain>(Key());
        var weights = new float[1_000_000];
        weights[17] = 3.5f;

        await grain.KeepArray(new Immutable<float[]>(weights));

        Assert.True(await grain.IsSameArray(new Immutable<float[]>(weights)));
    }

    [Fact]
    public async Task A_one_way_call_returns_before_the_grain_finishes()
    {
        var grain = silo.Client.GetGrain<IBehaviourGrain>(Key());

        await grain.FireAndForget(delayMs: 200).WaitAsync(TimeSpan.FromSeconds(30));
        var countRightAfter = await grain.FireAndForgetCount();
        await Eventually.TrueAsync(async () => await grain.FireAndForgetCount() == 1, "the one-way call ran");

        Assert.Equal(0, countRightAfter);
    }

    [Fact]
    public async Task Strings_and_nulls_round_trip()
    {
        var grain = silo.Client.GetGrain<IBehaviourGrain>(Key());

        Assert.Null(await grain.EchoString(null));
        Assert.Equal("héllo", await grain.EchoString("héllo"));
    }

    static string Key() => Guid.NewGuid().ToString("N");
}
