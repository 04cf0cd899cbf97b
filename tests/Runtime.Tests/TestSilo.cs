using BigDL.Orleans.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BigDL.Orleans.Runtime.Tests;

/// <summary>A silo running in a real .NET host inside the test process, with this assembly's test grains.</summary>
public sealed class TestSilo : IAsyncDisposable
{
    readonly IHost host;
    bool stopped;

    TestSilo(IHost host)
    {
        this.host = host;
    }

    public IClusterClient Client => host.Services.GetRequiredService<IClusterClient>();

    public IServiceProvider Services => host.Services;

    /// <summary>Starts a silo with in-memory storage unless <paramref name="configure"/> says otherwise.</summary>
    public static async Task<TestSilo> StartAsync(
        Action<SiloOptions>? configure = null,
        Action<IServiceCollection>? services = null,
        IDictionary<string, string?>? configuration = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(configuration ?? new Dictionary<string, string?>());
        builder.Logging.AddFilter(_ => false);
        services?.Invoke(builder.Services);
        builder.UseBigDLSilo(o =>
        {
            o.Storage = "memory";
            o.AddGrainAssembly(typeof(TestSilo).Assembly);
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
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    public static async Task TrueAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out waiting until {what}.");
            }

            await Task.Delay(20);
        }
    }

    public static async Task TrueAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out waiting until {what}.");
            }

            await Task.Delay(20);
        }
    }
}
