using Xunit.Abstractions;

namespace BigDL.Silo.Tests.Cluster;

/// <summary>Three <c>bigdl silo</c> processes whose membership table, grain state and reminders live in PostgreSQL.</summary>
public sealed class PostgresProcessClusterTests(PostgresDatabase database, ITestOutputHelper output) : IClassFixture<PostgresDatabase>, IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("bigdl-pgcluster-").FullName;

    [Fact]
    public async Task On_postgres_kill_9_mid_load_loses_no_acknowledged_write_and_the_restarted_silo_rejoins()
    {
        await using var cluster = await ProcessCluster.StartAsync(3, folder, database.ConnectionString);
        await cluster.ReportOnFailureAsync(output, () => ClusterScenarios.SurvivesKillAsync(cluster, output));
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
