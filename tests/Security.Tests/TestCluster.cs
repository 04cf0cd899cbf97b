using System.Net;
using BigDL.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Messaging;

namespace BigDL.Security.Tests;

/// <summary>Real silos over real loopback TCP sharing one membership table, each with its own settings and captured log.</summary>
internal sealed class TestCluster : IAsyncDisposable
{
    readonly List<IHost> hosts = [];
    public string ClusterId { get; } = $"security-{Guid.NewGuid():N}";

    public SharedMembershipTable Table { get; } = new();

    /// <summary>Builds a silo on free ports; <see cref="Silo.StartAsync"/> starts it.</summary>
    public Silo CreateSilo(string name, Action<ISiloBuilder> configure)
    {
        var ports = FreePorts.Take(2);
        var log = new CapturedLog();
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders().AddProvider(log);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(15));
        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (ClusterId, ClusterId));
            silo.Configure<SiloOptions>(o => o.SiloName = name);
            silo.Configure<EndpointOptions>(o =>
            {
                o.AdvertisedIPAddress = IPAddress.Loopback;
                o.SiloPort = ports[0];
                o.GatewayPort = ports[1];
            });
            silo.Services.AddSingleton<IMembershipTable>(Table);

            configure(silo);
        });
        var host = builder.Build();
        hosts.Add(host);
        return new Silo(host, log, new IPEndPoint(IPAddress.Loopback, ports[0]), new IPEndPoint(IPAddress.Loopback, ports[1]));
    }

    /// <summary>Builds a client that finds the gateways through the shared table; <see cref="Client.StartAsync"/> connects it.</summary>
    public Client CreateClient(Action<IClientBuilder> configure)
    {
        var log = new CapturedLog();
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders().AddProvider(log);
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (ClusterId, ClusterId));
            client.Services.AddSingleton<IGatewayListProvider>(Table);
            configure(client);
        });
        var host = builder.Build();
        hosts.Add(host);
        return new Client(host, log);
    }

    public async ValueTask DisposeAsync()
    {
        // Clients first, then silos newest first, so no silo waits on a peer that is already gone.
        foreach (var host in Enumerable.Reverse(hosts))
        {
            try
            {
                await host.StopAsync();
            }
            catch (Exception e) when (e is OperationCanceledException or InvalidOperationException or OrleansException)
            {
                // A host that failed to start (the point of some tests) may fail to stop too; nothing to clean up then.
            }

            host.Dispose();
        }
    }

    public sealed record Silo(IHost Host, CapturedLog Log, IPEndPoint SiloEndpoint, IPEndPoint GatewayEndpoint)
    {
        public Task StartAsync() => Host.StartAsync();

        public SiloAddress Address => Host.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;
    }

    public sealed record Client(IHost Host, CapturedLog Log)
    {
        public Task StartAsync() => Host.StartAsync();

        public IClusterClient Orleans => Host.Services.GetRequiredService<IClusterClient>();
    }
}
