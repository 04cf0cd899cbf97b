using System.Reflection;

namespace BigDL.Silo.Hosting;

/// <summary>How the <c>bigdl</c> host runs its Orleans silo: store, cluster, ports, addresses, credentials (section <c>BigDL</c>).</summary>
public sealed class ServiceSiloOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "BigDL";

    /// <summary>The shortest cluster secret or API key accepted, in characters.</summary>
    public const int MinimumSecretLength = 16;

    /// <summary>The service id every silo of every cluster of this service shares: grain state and reminders are keyed by it, so it never changes.</summary>
    public const string ServiceId = "bigdl";

    /// <summary>Gets or sets where grain state, reminders and membership live: a SQLite file (default <c>./bigdl.db</c>), a PostgreSQL connection string, or <c>memory</c>.</summary>
    public string Store { get; set; } = "";

    /// <summary>Gets or sets the cluster this silo joins (default <c>default</c>).</summary>
    /// <remarks>
    /// An Orleans gateway refuses a client that names another cluster id, and <c>BigDLClient</c> (the CLI, the dashboard,
    /// the estimator) names Orleans' default: a silo started without <c>--cluster-id</c> must use that one.
    /// </remarks>
    public string ClusterId { get; set; } = DefaultClusterId;

    /// <summary>The cluster id of a silo started without one: Orleans' default, which its clients name unless told otherwise.</summary>
    public const string DefaultClusterId = BigDL.Grains.BigDLClient.DefaultClusterId;

    /// <summary>Gets or sets the silo-to-silo port; null runs the silo alone (no membership table), 0 picks a free port.</summary>
    public int? Port { get; set; }

    /// <summary>Gets or sets the gateway port for external clients; null opens none, 0 picks a free port.</summary>
    public int? GatewayPort { get; set; }

    /// <summary>Gets or sets the address the silo and gateway listen on (default 127.0.0.1).</summary>
    public string ListenAddress { get; set; } = "127.0.0.1";

    /// <summary>Gets or sets the address other silos and clients reach this silo at (default: the listen address, or this host's first address for 0.0.0.0).</summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>Gets or sets the secret every silo of the cluster proves to the others (needed with <see cref="Port"/>).</summary>
    public string? ClusterSecret { get; set; }

    /// <summary>Gets or sets the key clients prove to the gateway (needed with <see cref="GatewayPort"/>).</summary>
    public string? ApiKey { get; set; }

    /// <summary>Gets or sets the silo's name in logs and on the dashboards (default: the machine name).</summary>
    public string? SiloName { get; set; }

    /// <summary>Gets the assemblies with the user's own grains hosted beside the service's.</summary>
    public IList<Assembly> GrainAssemblies { get; } = [];
}
