using BigDL.Orleans.Membership;

namespace BigDL.Orleans.Hosting;

/// <summary>What this silo is known as once started: its name, cluster, silo address and gateway endpoint.</summary>
public interface ILocalSiloDetails
{
    /// <summary>Gets the silo's name in logs and on the dashboard.</summary>
    string Name { get; }

    /// <summary>Gets the cluster the silo belongs to.</summary>
    string ClusterId { get; }

    /// <summary>Gets the address other silos reach this one at, or null on a lone silo (or before it started).</summary>
    SiloAddress? SiloAddress { get; }

    /// <summary>Gets the <c>host:port</c> clients connect to, or null without a gateway.</summary>
    string? GatewayAddress { get; }
}
