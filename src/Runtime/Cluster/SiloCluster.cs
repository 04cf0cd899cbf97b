using System.Net;
using System.Security.Cryptography;
using System.Text;
using BigDL.Orleans.Hosting;
using BigDL.Orleans.Management;
using BigDL.Orleans.Membership;
using BigDL.Orleans.Reminders;
using BigDL.Orleans.Runtime;
using Microsoft.Extensions.Logging;

namespace BigDL.Orleans.Cluster;

/// <summary>A silo's membership in a cluster: its listener and gateway, its router, and its part in the membership protocol.</summary>
internal sealed partial class SiloCluster : IAsyncDisposable
{
    static readonly TimeSpan StatisticsPeriod = TimeSpan.FromSeconds(5);

    readonly MessageCenter center;
    readonly MembershipAgent agent;
    readonly CancellationTokenSource stopping = new();
    readonly ILogger logger;
    Task statisticsLoop = Task.CompletedTask;

    SiloCluster(MessageCenter center, ClusterRouter router, MembershipAgent agent, ILogger logger)
    {
        this.center = center;
        this.agent = agent;
        this.logger = logger;
        Router = router;
    }

    /// <summary>Gets the router that the runtime sends calls through.</summary>
    public ClusterRouter Router { get; }

    /// <summary>Gets this silo's address.</summary>
    public SiloAddress Self => center.Self;

    /// <summary>Gets the port clients connect to, or 0 without a gateway.</summary>
    public int GatewayPort => center.GatewayPort;

    /// <summary>Opens the listeners, plugs the router into the runtime, and joins the cluster through the membership table.</summary>
    public static async Task<SiloCluster> StartAsync(
        GrainRuntime runtime, ReminderService reminders, IMembershipTable table, SiloOptions options, ILoggerFactory loggers,
        Func<Task> onDeclaredDead, CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger<SiloCluster>();
        var listen = IPAddress.Parse(options.ListenAddress);
        var wildcard = listen.Equals(IPAddress.Any) || listen.Equals(IPAddress.IPv6Any);
        var host = options.AdvertisedAddress ?? (wildcard ? Dns.GetHostName() : options.ListenAddress);

        // Without a port the silo is a one-silo cluster serving a gateway: no other silo may join, so a random secret suits.
        var secret = options.ClusterSecret is { } configured ? Encoding.UTF8.GetBytes(configured) : RandomNumberGenerator.GetBytes(32);
        var center = MessageCenter.Start(host, SiloAddress.GenerationAt(DateTimeOffset.UtcNow), secret, options.Transport.WithListener(listen, options.Port ?? 0), loggers);
        var router = new ClusterRouter(runtime, center, loggers.CreateLogger<ClusterRouter>());
        runtime.Router = router;
        runtime.ObserverHome = center.Self.ToString();
        if (options.GatewayPort is { } gatewayPort)
        {
            center.StartGateway(options.Transport.WithListener(listen, gatewayPort), Encoding.UTF8.GetBytes(options.ApiKey!), loggers); // validated: a gateway has a key
        }

        var agent = new MembershipAgent(table, center, center.Self, options.SiloName, center.GatewayPort, options.Membership, loggers.CreateLogger<MembershipAgent>(), onDeclaredDead);
        router.RangesChanged = reminders.UpdateRangesAsync;
        router.RefreshMembership = agent.RefreshAsync;
        agent.Subscribe(router.OnMembershipChanged);
        var cluster = new SiloCluster(center, router, agent, logger);
        await agent.JoinAsync(cancellationToken);
        cluster.statisticsLoop = cluster.CollectStatisticsAsync(cluster.stopping.Token);
        cluster.LogJoined(center.Self, center.GatewayPort, options.ClusterId);
        return cluster;
    }

    /// <summary>Returns the statistics of every live silo, this one included; silos that do not answer are left out.</summary>
    public async Task<IReadOnlyList<SiloStatistics>> GetStatisticsAsync(GrainRuntime runtime)
    {
        var silos = Router.Membership.ActiveSilos.Where(s => s != Self).ToList();
        var remote = await Task.WhenAll(silos.Select(Router.TryGetStatisticsAsync));
        return [runtime.Statistics(Self.ToString()), .. remote.OfType<SiloStatistics>()];
    }

    /// <summary>Gets the membership table's view of every silo.</summary>
    public MembershipSnapshot Membership => agent.Current;

    /// <summary>Leaves gracefully: peers mark this silo dead at once instead of probing it.</summary>
    public async Task LeaveAsync(CancellationToken cancellationToken)
    {
        await stopping.CancelAsync();
        await agent.LeaveAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        try
        {
            await statisticsLoop;
        }
        catch (OperationCanceledException)
        {
        }

        await agent.DisposeAsync();
        await center.DisposeAsync();
        stopping.Dispose();
    }

    /// <summary>Keeps the peers' activation counts fresh for activation-count-based placement.</summary>
    async Task CollectStatisticsAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(StatisticsPeriod);
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            foreach (var silo in Router.Membership.ActiveSilos.Where(s => s != Self))
            {
                if (await Router.TryGetStatisticsAsync(silo) is { } statistics)
                {
                    Router.SetActivationCount(silo, statistics.Activations);
                }
            }
        }
    }

    [LoggerMessage(1, LogLevel.Information, "Silo {Silo} joined cluster {ClusterId} (gateway port {GatewayPort})")]
    partial void LogJoined(SiloAddress silo, int gatewayPort, string clusterId);
}
