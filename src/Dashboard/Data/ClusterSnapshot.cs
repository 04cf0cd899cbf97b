namespace BigDL.Dashboard.Data;

/// <summary>
/// What the cluster page shows, read from Orleans' management grain in one round: every silo the membership table knows
/// (with its status, so dead and joining silos show too) and the activations of each grain type on each silo.
/// </summary>
internal sealed record ClusterSnapshot(IReadOnlyList<MembershipEntry> Silos, IReadOnlyList<SimpleGrainStatistic> Grains)
{
    public static async Task<ClusterSnapshot> LoadAsync(IClusterClient client)
    {
        var management = client.GetGrain<IManagementGrain>(0);
        var silos = management.GetDetailedHosts(onlyActive: false);
        var grains = management.GetSimpleGrainStatistics();
        return new ClusterSnapshot(
            [.. (await silos).OrderBy(s => s.SiloAddress.ToParsableString(), StringComparer.Ordinal)],
            [.. (await grains).OrderBy(g => g.GrainType, StringComparer.Ordinal).ThenBy(g => g.SiloAddress.ToParsableString(), StringComparer.Ordinal)]);
    }

    /// <summary>Activations on <paramref name="silo"/>, all grain types together.</summary>
    public int ActivationsOn(SiloAddress silo) => Grains.Where(g => g.SiloAddress.Equals(silo)).Sum(g => g.ActivationCount);

    /// <summary>Activations per grain type across the cluster, fewest first (the order of a horizontal bar chart's rows).</summary>
    public IReadOnlyList<(string GrainType, int Activations)> ByType() =>
        [.. Grains.GroupBy(g => g.GrainType, StringComparer.Ordinal)
            .Select(g => (g.Key, g.Sum(s => s.ActivationCount)))
            .OrderBy(t => t.Item2)
            .ThenBy(t => t.Key, StringComparer.Ordinal)];
}
