using System.Collections.Immutable;
using BigDL.Orleans.Serialization;

namespace BigDL.Orleans.Management;

/// <summary>
/// The cluster's management view (key 0): the silos with their status, activations per grain type and call statistics
/// per grain method on every silo. Dashboards and tools read it; it answers from every live silo.
/// </summary>
public interface IManagementGrain : IGrainWithIntegerKey
{
    /// <summary>Gets every silo in the membership table (dead ones included, newest first), with its status.</summary>
    Task<ImmutableArray<SiloInfo>> GetHosts();

    /// <summary>Gets the number of activations of each grain type on each live silo.</summary>
    Task<ImmutableArray<GrainTypeStatistics>> GetGrainStatistics();

    /// <summary>Gets calls, errors and latency of each grain method on each live silo since it started.</summary>
    Task<ImmutableArray<MethodStatistics>> GetMethodStatistics();
}

/// <summary>One silo as the membership table sees it.</summary>
/// <param name="Address">The silo's address, <c>host:port@generation</c>.</param>
/// <param name="Name">The silo's configured name.</param>
/// <param name="Status">Joining, Active, ShuttingDown or Dead.</param>
/// <param name="StartedAt">When the silo started (UTC).</param>
/// <param name="LastHeartbeat">The silo's last heartbeat written to the table (UTC).</param>
/// <param name="GatewayPort">The port clients connect to, or 0 when the silo has no gateway.</param>
[Immutable]
public sealed record SiloInfo(string Address, string Name, string Status, DateTime StartedAt, DateTime LastHeartbeat, int GatewayPort);

/// <summary>Activations of one grain type on one silo.</summary>
/// <param name="Silo">The silo's address.</param>
/// <param name="GrainType">The grain class's full name.</param>
/// <param name="Activations">Current activations.</param>
[Immutable]
public sealed record GrainTypeStatistics(string Silo, string GrainType, int Activations);

/// <summary>Calls of one grain method served by one silo.</summary>
/// <param name="Silo">The silo's address.</param>
/// <param name="Method">The method as <c>Interface.Method</c>.</param>
/// <param name="Calls">Calls completed.</param>
/// <param name="Errors">Calls that ended in an exception.</param>
/// <param name="TotalMilliseconds">Summed duration of the calls, for the mean.</param>
/// <param name="MaxMilliseconds">The slowest call.</param>
[Immutable]
public sealed record MethodStatistics(string Silo, string Method, long Calls, long Errors, double TotalMilliseconds, double MaxMilliseconds);
