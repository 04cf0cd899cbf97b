using BigDL.Orleans.Runtime.Tests.Grains;

namespace BigDL.Orleans.Runtime.Tests.Core;

public sealed class ActivationTests : IAsyncLifetime
{
    TestSilo silo = null!;

    public async Task InitializeAsync() => silo = await TestSilo.StartAsync();

    public async Task DisposeAsync() => await silo.DisposeAsync();

    [Fact]
    public async Task First_call_activates_the_grain_and_runs_OnActivateAsync_before_the_call()
    {
        var grain = silo.Client.GetGrain<ICounterGrain>(Key());

        Assert.True(await grain.WasActivatedBeforeFirstCall());
        Assert.Equal(1, ActivationLog.ActivationsOf(grain.GetGrainId()));
    }

    [Fact]
    public async Task Activation_count_is_one_per_key_under_concurrent_first_calls()
    {
        var key = Key();
        var calls = Enumerable.Range(0, 200).Select(_ => Task.Run(() => silo.Client.GetGrain<ICounterGrain>(key).Increment()));

        var results = await Task.WhenAll(calls);

        Assert.Equal(1, ActivationLog.ActivationsOf(silo.Client.GetGrain<ICounterGrain>(key).GetGrainId()));
        Assert.Equal(Enumerable.Range(1, 200), results.Order());
    }

    [Fact]
    public async Task Guid_and_integer_keys_reach_the_grain_and_activate_once_per_key()
    {
        var guid = Guid.NewGuid();
        var guidGrain = silo.Client.GetGrain<IGuidKeyGrain>(guid);
        var longGrain = silo.Client.GetGrain<IIntegerKeyGrain>(-42);

        var guidResults = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(guidGrain.GetKey)));
        var longKey = await longGrain.GetKey();

        Assert.All(guidResults, k => Assert.Equal(guid, k));
        Assert.Equal(-42, longKey);
        Assert.Equal(1, ActivationLog.ActivationsOf(guidGrain.GetGrainId()));
        Assert.Equal($"guidkey/{guid:N}", guidGrain.GetGrainId().ToString());
    }

    [Fact]
    public async Task Different_keys_get_different_activations()
    {
        var a = await silo.Client.GetGrain<ICounterGrain>(Key()).GetActivationId();
        var b = await silo.Client.GetGrain<ICounterGrain>(Key()).GetActivationId();

        Assert.NotEqual(a, b);
    }

    [Fact]
    public async Task DeactivateOnIdle_runs_OnDeactivateAsync_and_the_next_call_gets_a_new_activation()
    {
        var grain = silo.Client.GetGrain<ICounterGrain>(Key());
        var first = await grain.GetActivationId();
        await grain.Increment();

        await grain.Deactivate();
        await Eventually.TrueAsync(() => ActivationLog.DeactivationsOf(grain.GetGrainId()) == 1, "the grain deactivated");
        var second = await grain.GetActivationId();

        Assert.NotEqual(first, second);
        Assert.Equal(1, await grain.Increment()); // in-memory fields went with the old activation
        Assert.Equal(DeactivationReasonCode.ApplicationRequested, ActivationLog.LastReason[grain.GetGrainId().ToString()]);
    }

    [Fact]
    public async Task Calls_arriving_during_deactivation_are_served_by_the_next_activation()
    {
        var grain = silo.Client.GetGrain<ICounterGrain>(Key());
        await grain.Increment();

        var deactivate = grain.Deactivate();
        var during = Enumerable.Range(0, 20).Select(_ => grain.GetActivationId()).ToList();
        await deactivate;
        var ids = await Task.WhenAll(during);

        Assert.All(ids, id => Assert.NotEqual(Guid.Empty, id));
    }

    [Fact]
    public async Task Stateless_worker_spreads_concurrent_calls_over_at_most_its_limit_of_activations()
    {
        var worker = silo.Client.GetGrain<IWorkerGrain>(7);

        var ids = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => worker.Work(50)));

        var distinct = ids.Distinct().Count();
        Assert.InRange(distinct, 2, 3);
    }

    static string Key() => Guid.NewGuid().ToString("N");
}
