using BigDL.Orleans.Hosting;
using BigDL.Orleans.Runtime.Tests.Grains;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace BigDL.Orleans.Runtime.Tests.Hosting;

public sealed class HostingTests
{
    [Fact]
    public async Task Options_bind_from_the_BigDL_configuration_section()
    {
        await using var silo = await TestSilo.StartAsync(configuration: new Dictionary<string, string?>
        {
            ["BigDL:ResponseTimeout"] = "00:00:00.300",
            ["BigDL:ClusterId"] = "from-config",
            ["BigDL:DeactivationTimeout"] = "00:00:01", // the hung turn below never ends; shutdown gives up on it after this
        });

        var options = silo.Services.GetService(typeof(IOptions<SiloOptions>)) as IOptions<SiloOptions>;
        var grain = silo.Client.GetGrain<IBehaviourGrain>(Guid.NewGuid().ToString("N"));

        Assert.Equal("from-config", options!.Value.ClusterId);
        await Assert.ThrowsAsync<TimeoutException>(grain.Hang); // would take 30 s without the configured 300 ms
    }

    [Fact]
    public void An_invalid_option_fails_at_startup_naming_the_setting()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());

        var error = Assert.Throws<OptionsValidationException>(() => builder.UseBigDLSilo(o => o.ResponseTimeout = TimeSpan.Zero));

        Assert.Contains("BigDL:ResponseTimeout", error.Message);
    }

    [Fact]
    public async Task A_call_through_a_stopped_silos_client_fails_with_a_message_that_says_what_to_do()
    {
        var silo = await TestSilo.StartAsync();
        var client = silo.Client;
        var grain = client.GetGrain<ICounterGrain>(Guid.NewGuid().ToString("N"));
        await grain.Increment();

        await silo.DisposeAsync();

        var fromReference = await Assert.ThrowsAsync<ObjectDisposedException>(grain.Increment);
        var fromClient = Assert.Throws<ObjectDisposedException>(() => client.GetGrain<ICounterGrain>("x"));
        Assert.Contains("silo stopped", fromReference.Message);
        Assert.Contains("disposed", fromClient.Message);
    }

    [Fact]
    public async Task Shutdown_runs_OnDeactivateAsync_of_every_activation()
    {
        var silo = await TestSilo.StartAsync();
        var grain = silo.Client.GetGrain<ICounterGrain>(Guid.NewGuid().ToString("N"));
        await grain.Increment();

        await silo.DisposeAsync();

        Assert.Equal(1, ActivationLog.DeactivationsOf(grain.GetGrainId()));
        Assert.Equal(DeactivationReasonCode.ShuttingDown, ActivationLog.LastReason[grain.GetGrainId().ToString()]);
    }

    [Fact]
    public async Task A_stopping_silo_activates_no_new_grain_so_none_is_left_running_after_stop()
    {
        var silo = await TestSilo.StartAsync();
        var successor = Guid.NewGuid().ToString("N");
        var handOff = silo.Client.GetGrain<IHandOffGrain>(Guid.NewGuid().ToString("N"));
        await handOff.Start(successor);

        await silo.DisposeAsync();

        // The deactivating grain's call to a grain not active here is refused, rather than activating it on a silo that
        // then stops without deactivating it.
        Assert.Equal(nameof(SiloUnavailableException), HandOffGrain.HandOffOutcome[handOff.GetGrainId().ToString()]);
        Assert.Equal(0, ActivationLog.Activations.Count(kv => kv.Key.EndsWith("/" + successor, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Shutdown_cancels_a_running_timer_tick_so_the_grain_deactivates_instead_of_timing_out()
    {
        var silo = await TestSilo.StartAsync(o => o.DeactivationTimeout = TimeSpan.FromMinutes(10)); // only cancellation can end the tick
        var grain = silo.Client.GetGrain<ILongTickGrain>(Guid.NewGuid().ToString("N"));
        await grain.StartLongTick();
        await Eventually.TrueAsync(grain.IsTicking, "the timer tick started");

        await silo.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromMinutes(2));

        Assert.True(LongTickGrain.TickSawCancellation.ContainsKey(grain.GetGrainId().ToString()));
        Assert.Equal(1, ActivationLog.DeactivationsOf(grain.GetGrainId()));
    }

    [Fact]
    public async Task Idle_activations_are_collected_after_the_collection_age()
    {
        await using var silo = await TestSilo.StartAsync(o =>
        {
            o.CollectionAge = TimeSpan.FromMilliseconds(300);
            o.CollectionQuantum = TimeSpan.FromMilliseconds(100);
        });
        var grain = silo.Client.GetGrain<ICounterGrain>(Guid.NewGuid().ToString("N"));
        var first = await grain.GetActivationId();

        await Eventually.TrueAsync(() => ActivationLog.DeactivationsOf(grain.GetGrainId()) == 1, "the idle grain was collected");

        Assert.Equal(DeactivationReasonCode.ActivationIdle, ActivationLog.LastReason[grain.GetGrainId().ToString()]);
        Assert.NotEqual(first, await grain.GetActivationId());
    }

    [Fact]
    public async Task A_grain_interface_with_a_synchronous_method_is_refused_with_what_to_change()
    {
        await using var silo = await TestSilo.StartAsync();

        var error = Assert.Throws<GrainInterfaceException>(() => silo.Client.GetGrain<ISynchronousGrain>("x"));

        Assert.Contains("ISynchronousGrain.NotAsync returns Int32", error.Message);
        Assert.Contains("Task<Int32>", error.Message);
    }
}
