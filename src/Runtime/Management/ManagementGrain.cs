using System.Collections.Immutable;
using BigDL.Orleans.Cluster;
using BigDL.Orleans.Concurrency;
using BigDL.Orleans.Hosting;
using Microsoft.Extensions.Options;

namespace BigDL.Orleans.Management;

/// <summary>Answers management queries from the silo it runs on: the membership table and every live silo's statistics.</summary>
[StatelessWorker(1)]
internal sealed class ManagementGrain(ClusterMembership membership, IOptions<SiloOptions> options) : Grain, IManagementGrain
{
    static readonly DateTime ProcessStarted = DateTime.UtcNow;

    public Task<ImmutableArray<SiloInfo>> GetHosts()
    {
        if (membership.Cluster is not { } cluster)
        {
            var now = DateTime.UtcNow;
            return Task.FromResult(ImmutableArray.Create(new SiloInfo(membership.SelfName, options.Value.SiloName, "Active", ProcessStarted, now, 0)));
        }

        return Task.FromResult(cluster.Membership.Members.Values
            .OrderByDescending(e => e.StartTime)
            .Select(e => new SiloInfo(e.SiloAddress.ToString(), e.SiloName, e.Status.ToString(), e.StartTime, e.IAmAliveTime, e.GatewayPort))
            .ToImmutableArray());
    }

    public async Task<ImmutableArray<GrainTypeStatistics>> GetGrainStatistics() =>
        [.. (await membership.GetStatisticsAsync()).SelectMany(s => s.GrainTypes)];

    public async Task<ImmutableArray<MethodStatistics>> GetMethodStatistics() =>
        [.. (await membership.GetStatisticsAsync()).SelectMany(s => s.Methods)];
}
