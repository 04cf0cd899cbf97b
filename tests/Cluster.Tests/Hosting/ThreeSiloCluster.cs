using BigDL.Cluster.Hosting;
using BigDL.TestHost;
using Orleans.TestingHost;

namespace BigDL.Cluster.Tests.Hosting;

/// <summary>Three in-process silos and a client, all with spread placement and the raw array codecs, shared by a test class.</summary>
public sealed class ThreeSiloCluster : IAsyncLifetime
{
    InProcessTestCluster? cluster;

    public InProcessTestCluster Cluster => cluster ?? throw new InvalidOperationException("The cluster has not started.");

    public async Task InitializeAsync() =>
        cluster = await InProcessClusters.StartAsync(
            3,
            silo => silo.AddSpreadPlacement().AddRawArrayCodecs(),
            client => client.AddRawArrayCodecs());

    public async Task DisposeAsync()
    {
        if (cluster is not null)
        {
            await cluster.DisposeAsync();
        }
    }
}
