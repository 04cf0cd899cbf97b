using BigDL.Orleans.Management;
using BigDL.Orleans.Runtime;

namespace BigDL.Orleans.Cluster;

/// <summary>The silo's cluster, once joined; empty on a lone silo. Services and system grains read the cluster through it.</summary>
internal sealed class ClusterMembership(GrainRuntime runtime, Microsoft.Extensions.Options.IOptions<Hosting.SiloOptions> options) : Hosting.ILocalSiloDetails
{
    /// <inheritdoc/>
    public string Name => options.Value.SiloName;

    /// <inheritdoc/>
    public string ClusterId => options.Value.ClusterId;

    /// <inheritdoc/>
    public Membership.SiloAddress? SiloAddress => Cluster?.Self;

    /// <inheritdoc/>
    public string? GatewayAddress => Cluster is { GatewayPort: > 0 } cluster ? $"{cluster.Self.Host}:{cluster.GatewayPort}" : null;

    /// <summary>Gets the joined cluster, or null on a lone silo (or before the silo started).</summary>
    public SiloCluster? Cluster { get; set; }

    /// <summary>Gets the address other processes reach this silo at, or "local" on a lone silo.</summary>
    public string SelfName => Cluster?.Self.ToString() ?? "local";

    /// <summary>Returns the statistics of every live silo.</summary>
    public async Task<IReadOnlyList<SiloStatistics>> GetStatisticsAsync() =>
        Cluster is { } cluster ? await cluster.GetStatisticsAsync(runtime) : [runtime.Statistics(SelfName)];
}
