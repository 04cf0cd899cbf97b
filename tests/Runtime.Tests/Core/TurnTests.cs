using BigDL.Orleans.Runtime.Tests.Grains;

namespace BigDL.Orleans.Runtime.Tests.Core;

public sealed class TurnTests : IAsyncLifetime
{
    TestSilo silo = null!;

    public async Task InitializeAsync() => silo = await TestSilo.StartAsync(o => o.ResponseTimeout = TimeSpan.FromSeconds(30));

    public async Task DisposeAsync() => await silo.DisposeAsync();

    [Fact]
    public async Task Turns_of_a_non_reentrant_grain_never_overlap_and_run_in_arrival_order()
    {
        var grain = silo.Client.GetGrain<ITurnRecorderGrain>(Key());

        var calls = new List<Task>();
        for (var i = 0; i < 10; i++)
        {
            calls.Add(grain.Work(i, 5)); // sent in order from one caller
        }

        await Task.WhenAll(calls);
        var events = await grain.GetEvents();

        var expected = Enumerable.Range(0, 10).SelectMany(i => new[] { $"start {i}", $"end {i}" });
        Assert.Equal(expected, events);
        Assert.Equal(0, await grain.OverlapCount());
    }

    [Fact]
    public async Task Awaits_inside_a_turn_keep_the_grain_single_threaded()
    {
        var grain = silo.Client.GetGrain<ICounterGrain>(Key());

        await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => Task.Run(grain.IncrementSlowly)));

        Assert.Equal(101, await grain.Increment()); // a lost update would leave fewer than 100
    }

    [Fact]
    public async Task A_non_reentrant_grain_does_not_start_a_call_while_another_awaits()
    {
        var grain = silo.Client.GetGrain<IGateGrain>(Key());
        var waiting = grain.WaitForGate();

        var opener = grain.OpenGate();
        var finished = await Task.WhenAny(opener, Task.Delay(TimeSpan.FromMilliseconds(300)));

        Assert.NotSame(opener, finished); // OpenGate is queued behind WaitForGate
        Assert.False(waiting.IsCompleted);
        await grain.OpenGateInterleaved(); // an [AlwaysInterleave] method gets in and releases both
        await waiting;
        await opener;
    }

    [Fact]
    public async Task A_call_starts_while_only_an_interleaving_call_awaits()
    {
        var grain = silo.Client.GetGrain<IGateGrain>(Key());
        var waiting = grain.WaitForGateInterleaved();

        // As in Orleans, only a non-interleaving turn blocks the grain: OpenGate gets in and releases the waiting call.
        await grain.OpenGate().WaitAsync(TimeSpan.FromSeconds(30));
        await waiting.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task A_call_starts_while_an_interleaving_timer_tick_awaits()
    {
        var grain = silo.Client.GetGrain<IGateGrain>(Key());
        await grain.StartInterleavingTimerWaitingForGate();

        await grain.OpenGate().WaitAsync(TimeSpan.FromSeconds(30));

        await Eventually.TrueAsync(grain.TimerTickFinished, "the tick finished once the gate opened");
    }

    [Fact]
    public async Task A_reentrant_grain_starts_a_call_while_another_awaits()
    {
        var grain = silo.Client.GetGrain<IReentrantGateGrain>(Key());
        var waiting = grain.WaitForGate();

        await grain.OpenGate();

        await waiting.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Timer_ticks_never_overlap_a_turn_or_each_other()
    {
        var grain = silo.Client.GetGrain<ITurnRecorderGrain>(Key());
        await grain.StartTimer(periodMs: 1, tickWorkMs: 20); // ticks take longer than the period

        var work = Enumerable.Range(0, 20).Select(i => grain.Work(i, 3)).ToList();
        await Task.WhenAll(work);
        await Eventually.TrueAsync(async () => await grain.TickCount() >= 5, "five timer ticks ran");

        Assert.Equal(0, await grain.OverlapCount());
    }

    static string Key() => Guid.NewGuid().ToString("N");
}
