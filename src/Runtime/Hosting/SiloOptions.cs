using System.Reflection;

namespace BigDL.Orleans.Hosting;

/// <summary>Settings of a silo, bound from the <c>BigDL</c> configuration section and the <c>UseBigDLSilo</c> callback.</summary>
public sealed class SiloOptions
{
    /// <summary>The configuration section the options bind from, e.g. <c>BigDL:ResponseTimeout</c> or <c>BigDL__Storage</c>.</summary>
    public const string SectionName = "BigDL";

    /// <summary>The default response timeout, as in Orleans.</summary>
    public static readonly TimeSpan DefaultResponseTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The default idle time before an activation is collected, as in Orleans.</summary>
    public static readonly TimeSpan DefaultCollectionAge = TimeSpan.FromMinutes(15);

    /// <summary>The default interval of the idle-collection sweep.</summary>
    public static readonly TimeSpan DefaultCollectionQuantum = TimeSpan.FromMinutes(1);

    /// <summary>The default shortest reminder period, as in Orleans.</summary>
    public static readonly TimeSpan DefaultMinimumReminderPeriod = TimeSpan.FromMinutes(1);

    /// <summary>The default interval at which a silo re-reads the reminders of its ring ranges.</summary>
    public static readonly TimeSpan DefaultReminderRefreshPeriod = TimeSpan.FromMinutes(1);

    /// <summary>The fewest bytes (UTF-8) a <see cref="ClusterSecret"/> or <see cref="ApiKey"/> may have.</summary>
    public const int MinimumSecretLength = BigDL.Orleans.Transport.HandshakeCredentials.MinimumSecretBytes;

    readonly List<Assembly> grainAssemblies = [];

    /// <summary>Gets or sets the cluster this silo belongs to.</summary>
    public string ClusterId { get; set; } = "dev";

    /// <summary>Gets or sets the service name, shared by clusters that keep the same state.</summary>
    public string ServiceId { get; set; } = "bigdl";

    /// <summary>Gets or sets the silo's name in logs.</summary>
    public string SiloName { get; set; } = Environment.MachineName;

    /// <summary>
    /// Gets or sets where grain state and reminders live: null or empty for the SQLite file <c>bigdl.db</c> in the
    /// working folder, a file path or SQLite connection string, a PostgreSQL connection string (<c>Host=...</c> or a
    /// <c>postgres://</c> URI), or <c>memory</c>.
    /// </summary>
    public string? Storage { get; set; }

    /// <summary>Gets or sets how long a caller waits for a grain's response.</summary>
    public TimeSpan ResponseTimeout { get; set; } = DefaultResponseTimeout;

    /// <summary>Gets or sets how long loading state and <c>OnActivateAsync</c> may take.</summary>
    public TimeSpan ActivationTimeout { get; set; } = DefaultResponseTimeout;

    /// <summary>Gets or sets how long <c>OnDeactivateAsync</c> may take.</summary>
    public TimeSpan DeactivationTimeout { get; set; } = DefaultResponseTimeout;

    /// <summary>Gets or sets the idle time after which an activation is deactivated (per class: <c>[CollectionAgeLimit]</c>).</summary>
    public TimeSpan CollectionAge { get; set; } = DefaultCollectionAge;

    /// <summary>Gets or sets how often idle activations are looked for.</summary>
    public TimeSpan CollectionQuantum { get; set; } = DefaultCollectionQuantum;

    /// <summary>Gets or sets the shortest period a reminder may have; reminders are for coarse, durable schedules.</summary>
    public TimeSpan MinimumReminderPeriod { get; set; } = DefaultMinimumReminderPeriod;

    /// <summary>Gets or sets how often the silo re-reads its reminders, picking up ones registered through other silos.</summary>
    public TimeSpan ReminderRefreshPeriod { get; set; } = DefaultReminderRefreshPeriod;

    /// <summary>
    /// Gets or sets the silo-to-silo port; set it (0 picks a free port) to run as a member of a cluster whose membership
    /// table lives in <see cref="Storage"/>. Null (the default) runs a lone silo with no network listener.
    /// </summary>
    public int? Port { get; set; }

    /// <summary>Gets or sets the port external clients connect to (0 picks a free port), or null for no gateway.</summary>
    public int? GatewayPort { get; set; }

    /// <summary>Gets or sets the address the silo and gateway listen on; loopback unless told otherwise.</summary>
    public string ListenAddress { get; set; } = "127.0.0.1";

    /// <summary>Gets or sets the host name or address other silos and clients reach this silo at; the listen address when it is not a wildcard.</summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>Gets or sets the secret every silo of the cluster proves in the connection handshake (16 bytes or more); required with <see cref="Port"/>.</summary>
    public string? ClusterSecret { get; set; }

    /// <summary>Gets or sets the key clients prove when they connect to the gateway (16 bytes or more); required with <see cref="GatewayPort"/>.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Gets the timings of the membership protocol (probes, votes, heartbeats), bound from <c>BigDL:Membership</c>.</summary>
    public Membership.ClusterMembershipOptions Membership { get; } = new();

    /// <summary>Gets the transport limits (frame size, handshake and idle timeouts), bound from <c>BigDL:Transport</c>.</summary>
    public Transport.TransportOptions Transport { get; } = new();

    /// <summary>Gets whether the silo runs as a cluster member (it has a port or a gateway).</summary>
    public bool IsClustered => Port is not null || GatewayPort is not null;

    /// <summary>Gets the assemblies searched for grain classes; when none are added, the entry assembly and what it references.</summary>
    public IReadOnlyList<Assembly> GrainAssemblies => grainAssemblies.Count > 0 ? grainAssemblies : DefaultGrainAssemblies();

    /// <summary>Adds an assembly whose grain classes this silo hosts.</summary>
    public SiloOptions AddGrainAssembly(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        if (!grainAssemblies.Contains(assembly))
        {
            grainAssemblies.Add(assembly);
        }

        return this;
    }

    static List<Assembly> DefaultGrainAssemblies()
    {
        var found = new List<Assembly>();
        var pending = new Stack<Assembly>();
        if (Assembly.GetEntryAssembly() is { } entry)
        {
            pending.Push(entry);
        }

        while (pending.TryPop(out var assembly))
        {
            if (found.Contains(assembly))
            {
                continue;
            }

            found.Add(assembly);
            foreach (var reference in assembly.GetReferencedAssemblies())
            {
                if (IsFrameworkOrPackage(reference.Name))
                {
                    continue;
                }

                try
                {
                    pending.Push(Assembly.Load(reference));
                }
                catch (FileNotFoundException)
                {
                    // A reference that is not deployed cannot hold grains this silo could run.
                }
            }
        }

        return found;
    }

    static bool IsFrameworkOrPackage(string? name) =>
        name is null || name.StartsWith("System", StringComparison.Ordinal) || name.StartsWith("Microsoft", StringComparison.Ordinal)
        || name is "netstandard" or "mscorlib" || name.StartsWith("Npgsql", StringComparison.Ordinal) || name.StartsWith("SQLitePCL", StringComparison.Ordinal);
}
