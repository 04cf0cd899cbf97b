using System.Net;
using System.Net.Sockets;
using BigDL.Dashboard;
using BigDL.Grains;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Serialization;

namespace BigDL.Silo.Hosting;

/// <summary>Configures the <c>bigdl</c> host's Orleans silo from <see cref="ServiceSiloOptions"/> with the same <c>AddBigDL</c> call a user's own silo makes.</summary>
public static class ServiceSilo
{
    /// <summary>Adds an Orleans silo hosting the service to <paramref name="builder"/>; the options are read once, here.</summary>
    /// <exception cref="ArgumentException">An option is invalid; the message names it.</exception>
    public static IHostApplicationBuilder UseBigDLSilo(this IHostApplicationBuilder builder, Action<ServiceSiloOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new ServiceSiloOptions();
        builder.Configuration.GetSection(ServiceSiloOptions.SectionName).Bind(options);
        configure?.Invoke(options);
        Validate(options);
        builder.UseOrleans(silo => Configure(silo, options));
        return builder;
    }

    /// <summary>
    /// How long a joining silo tries to reach every active silo before its start fails (Orleans' default is 5 minutes): a
    /// silo with the wrong cluster secret or an unreachable address says so within a minute.
    /// </summary>
    public static readonly TimeSpan JoinTimeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How often a silo writes its heartbeat to the membership table (Orleans' default is 30 s). A joining silo first probes
    /// every silo whose heartbeat is fresh (fewer than 3 missed); after a whole-cluster crash the dead silos' rows go stale
    /// in 30 s instead of 90 s, well inside <see cref="JoinTimeout"/>, so a restarted cluster forms again.
    /// </summary>
    public static readonly TimeSpan HeartbeatPeriod = TimeSpan.FromSeconds(10);

    static void Configure(ISiloBuilder silo, ServiceSiloOptions options)
    {
        silo.Configure<ClusterMembershipOptions>(m =>
        {
            m.MaxJoinAttemptTime = JoinTimeout;
            m.IAmAliveTablePublishTimeout = HeartbeatPeriod;
        });
        silo.Configure<ClusterOptions>(c =>
        {
            c.ClusterId = options.ClusterId;
            c.ServiceId = ServiceSiloOptions.ServiceId;
        });
        var listen = IPAddress.Parse(options.ListenAddress);
        var advertised = Advertised(options, listen);
        var siloPort = options.Port is null or 0 ? FreePort.Next() : options.Port.Value;
        var gatewayPort = options.GatewayPort switch { null => 0, 0 => FreePort.Next(), var p => p.Value };
        silo.Configure<EndpointOptions>(e =>
        {
            e.AdvertisedIPAddress = advertised;
            e.SiloPort = siloPort;
            e.GatewayPort = gatewayPort;
            e.SiloListeningEndpoint = new IPEndPoint(listen, siloPort);
            e.GatewayListeningEndpoint = gatewayPort == 0 ? null : new IPEndPoint(listen, gatewayPort);
        });
        if (options.SiloName is { Length: > 0 } name)
        {
            silo.Configure<SiloOptions>(s => s.SiloName = name);
        }

        ServiceStore.Configure(silo, options);
        ServiceSecurity.Configure(silo, options);
        foreach (var assembly in options.GrainAssemblies)
        {
            silo.Services.AddSerializer(s => s.AddAssembly(assembly));
        }

        // Orleans reads no reminder periods from configuration; BigDL:Reminders (Orleans' names, e.g. MinimumReminderPeriod,
        // RefreshReminderListPeriod) lets a test or a demo wake a lost grain's reminder in seconds instead of minutes.
        silo.Services.AddOptions<ReminderOptions>().BindConfiguration($"{ServiceSiloOptions.SectionName}:Reminders");

        // Likewise BigDL:Membership (Orleans' names, e.g. ProbeTimeout, NumMissedProbesLimit) overrides the liveness settings
        // above and Orleans' defaults: a test of a killed silo has it declared dead in seconds instead of waiting out three
        // missed 5-second probes, and an operator on a slow network can lengthen them.
        silo.Services.AddOptions<ClusterMembershipOptions>().BindConfiguration($"{ServiceSiloOptions.SectionName}:Membership");
        silo.AddBigDL();
        silo.AddBigDLDashboard(); // Orleans' own dashboard, served under /orleans beside ours
    }

    static IPAddress Advertised(ServiceSiloOptions options, IPAddress listen)
    {
        if (options.AdvertisedAddress is { Length: > 0 } given)
        {
            if (IPAddress.TryParse(given, out var address))
            {
                return address;
            }

            var resolved = Dns.GetHostAddresses(given);
            return resolved.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? resolved.FirstOrDefault()
                ?? throw new ArgumentException($"--advertise '{given}' does not resolve to an address");
        }

        if (!listen.Equals(IPAddress.Any))
        {
            return listen;
        }

        return Dns.GetHostAddresses(Dns.GetHostName()).FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))
            ?? throw new ArgumentException("--listen 0.0.0.0: this host has no non-loopback IPv4 address to advertise; give --advertise");
    }

    static void Validate(ServiceSiloOptions options)
    {
        if (!IPAddress.TryParse(options.ListenAddress, out _))
        {
            throw new ArgumentException($"--listen '{options.ListenAddress}' is not an IP address (e.g. 127.0.0.1 or 0.0.0.0)");
        }

        if (options.Port is < 0 or > 65535)
        {
            throw new ArgumentException($"--port {options.Port} is not a port (0-65535)");
        }

        if (options.GatewayPort is < 0 or > 65535)
        {
            throw new ArgumentException($"--gateway-port {options.GatewayPort} is not a port (0-65535)");
        }

        if (string.IsNullOrWhiteSpace(options.ClusterId))
        {
            throw new ArgumentException("--cluster-id must not be empty");
        }

        var listen = IPAddress.Parse(options.ListenAddress);
        if (!IPAddress.IsLoopback(listen) && (options.ClusterSecret?.Length ?? 0) < ServiceSiloOptions.MinimumSecretLength)
        {
            throw new ArgumentException(
                $"--listen {options.ListenAddress} is reachable from other hosts, so every connection must be authenticated: set $BIGDL_CLUSTER_SECRET (or --cluster-secret) to {ServiceSiloOptions.MinimumSecretLength}+ characters shared by every silo");
        }
    }
}
