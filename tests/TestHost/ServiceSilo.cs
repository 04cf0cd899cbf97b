using System.Net;
using BigDL.Grains;
using BigDL.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Hosting;

namespace BigDL.TestHost;

/// <summary>
/// One real Orleans silo hosting the BigDL service (<see cref="BigDLSiloBuilderExtensions.AddBigDL"/>) in a .NET host inside
/// the test process, on free loopback ports, with the store the service would use: in-memory by default, or a SQLite file
/// or PostgreSQL database that a later silo on the same store resumes from, as a restarted production silo does.
/// </summary>
public sealed class ServiceSilo : IAsyncDisposable
{
    /// <summary>The store string for in-memory grain state, reminders and membership: nothing outlives the silo.</summary>
    public const string MemoryStore = "memory";

    /// <summary>The cluster and service id of every test silo, so a silo on a store finds the state and reminders an earlier one left.</summary>
    public const string ServiceId = "bigdl-tests";

    /// <summary>How long a stop may take: a silo deactivates its grains and hands its reminders back first.</summary>
    static readonly TimeSpan StopTimeout = TimeSpan.FromMinutes(2);

    readonly IHost host;
    bool stopped;

    ServiceSilo(IHost host) => this.host = host;

    /// <summary>Gets the silo's own cluster client (calls from it run through this silo).</summary>
    public IClusterClient Client => host.Services.GetRequiredService<IClusterClient>();

    /// <summary>Gets the silo's services, for tests that look at Orleans' own services (the reminder table, the serializer).</summary>
    public IServiceProvider Services => host.Services;

    /// <summary>
    /// Starts a silo with the service's grains and the objectives <paramref name="service"/> adds, keeping its state,
    /// reminders and membership in <paramref name="store"/>: <see cref="MemoryStore"/>, or a store string as
    /// <see cref="SqlStoreHostingExtensions.UseSqlStore(ISiloBuilder, string?)"/> reads it (a SQLite file path or a PostgreSQL
    /// connection string). <paramref name="configure"/> runs last, so it can change any of those choices.
    /// </summary>
    public static async Task<ServiceSilo> StartAsync(Action<BigDLServiceOptions>? service = null, string store = MemoryStore, Action<ISiloBuilder>? configure = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(store);
        var ports = FreePorts.Take(2);
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.UseOrleans(silo =>
        {
            if (store == MemoryStore)
            {
                silo.UseLocalhostClustering(ports[0], ports[1], serviceId: ServiceId, clusterId: ServiceId)
                    .AddMemoryGrainStorageAsDefault()
                    .UseInMemoryReminderService();
            }
            else
            {
                silo.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (ServiceId, ServiceId))
                    .ConfigureEndpoints(IPAddress.Loopback, ports[0], ports[1])
                    .UseSqlStore(store);
            }

            silo.AddBigDL(service);
            configure?.Invoke(silo);
        });
        var host = builder.Build();
        try
        {
            await host.StartAsync().ConfigureAwait(false);
        }
        catch
        {
            host.Dispose();
            throw;
        }

        return new ServiceSilo(host);
    }

    /// <summary>Returns a configuration that lets grains register reminders as often as every <paramref name="period"/> (Orleans' default minimum is a minute).</summary>
    public static Action<ISiloBuilder> MinimumReminderPeriod(TimeSpan period) =>
        silo => silo.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = period);

    /// <summary>Stops the silo gracefully: its grains deactivate (writing what they write then) and it leaves the membership.</summary>
    public async Task StopAsync()
    {
        if (!stopped)
        {
            stopped = true;
            using var timeout = new CancellationTokenSource(StopTimeout);
            await host.StopAsync(timeout.Token).ConfigureAwait(false);
        }
    }

    /// <summary>Stops the silo if it still runs, then releases the host.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync().ConfigureAwait(false);
        }
        finally
        {
            host.Dispose();
        }
    }
}
