using BigDL.Orleans.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BigDL.Orleans.Grains.Tests;

/// <summary>A silo in a real .NET host inside the test process, hosting the service's grains and the tests' objectives.</summary>
public sealed class TestSilo : IAsyncDisposable
{
    readonly IHost host;
    bool stopped;

    TestSilo(IHost host)
    {
        this.host = host;
    }

    public IClusterClient Client => host.Services.GetRequiredService<IClusterClient>();

    /// <summary>Gets the host's services, for tests that look at runtime tables (reminders) directly.</summary>
    public IServiceProvider Services => host.Services;

    /// <summary>Starts a silo on <paramref name="storage"/> (in-memory by default) with the scripted test objective registered.</summary>
    public static async Task<TestSilo> StartAsync(string storage = "memory", Action<SiloOptions>? configure = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Logging.AddFilter(_ => false);
        builder.Services.AddSingleton<ITrialObjective, ScriptedObjective>();
        builder.Services.AddSingleton<ITrialObjective, VectorObjective>();
        builder.UseBigDLSilo(o =>
        {
            o.Storage = storage;
            o.AddGrainAssembly(typeof(ExperimentGrain).Assembly);
            configure?.Invoke(o);
        });
        var host = builder.Build();
        await host.StartAsync();
        return new TestSilo(host);
    }

    public async Task StopAsync()
    {
        if (!stopped)
        {
            stopped = true;
            await host.StopAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        host.Dispose();
    }
}

/// <summary>Waits on conditions instead of sleeping: polls until true or fails after a generous timeout.</summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    public static async Task<T> MatchesAsync<T>(Func<Task<T>> read, Func<T, bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (true)
        {
            var value = await read();
            if (condition(value))
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out waiting until {what}; last seen: {value}");
            }

            await Task.Delay(20);
        }
    }
}
