using Xunit.Abstractions;

namespace BigDL.Silo.Tests.Cluster;

/// <summary>Three <c>bigdl silo</c> processes sharing a SQLite membership table, killed and restarted for real.</summary>
public sealed class ProcessClusterTests(ITestOutputHelper output) : IAsyncLifetime
{
    readonly string folder = Directory.CreateTempSubdirectory("bigdl-cluster-").FullName;

    public Task InitializeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Client_calls_reach_grains_on_every_silo_of_three_processes()
    {
        await using var cluster = await ProcessCluster.StartAsync(3, folder);
        await cluster.ReportOnFailureAsync(output, () => ClusterScenarios.CallsReachEverySiloAsync(cluster));
    }

    [Fact]
    public async Task Kill_9_mid_load_fails_in_flight_calls_within_their_timeout_and_loses_no_acknowledged_write_then_the_silo_rejoins()
    {
        await using var cluster = await ProcessCluster.StartAsync(3, folder);
        await cluster.ReportOnFailureAsync(output, () => ClusterScenarios.SurvivesKillAsync(cluster, output));
    }

    [Fact]
    public async Task A_silo_with_another_cluster_secret_is_refused_and_exits_with_a_clear_error()
    {
        await using var cluster = await ProcessCluster.StartAsync(3, folder);
        await cluster.ReportOnFailureAsync(output, () => ClusterScenarios.RefusesAnotherSecretAsync(cluster));
    }

    public Task DisposeAsync()
    {
        Directory.Delete(folder, recursive: true);
        return Task.CompletedTask;
    }
}
