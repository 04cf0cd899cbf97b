using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.Runtime;
using Orleans.TestingHost;

namespace BigDL.TestHost;

/// <summary>Starts an Orleans <see cref="InProcessTestCluster"/> (real TCP between silos) and waits until every silo sees all the others.</summary>
public static class InProcessClusters
{
    /// <summary>
    /// Deploys <paramref name="silos"/> silos and a client, configured by <paramref name="silo"/> and <paramref name="client"/>,
    /// and returns once every silo counts them all active and holds their grain manifests, so placement sees the whole cluster.
    /// </summary>
    public static async Task<InProcessTestCluster> StartAsync(short silos, Action<ISiloBuilder>? silo = null, Action<IClientBuilder>? client = null)
    {
        var builder = new InProcessTestClusterBuilder(silos);

        // Orleans' file log lands in the working directory; test output is enough here.
        builder.Options.ConfigureFileLogging = false;
        if (silo is not null)
        {
            builder.ConfigureSilo((_, siloBuilder) => silo(siloBuilder));
        }

        if (client is not null)
        {
            builder.ConfigureClient(client);
        }

        var cluster = builder.Build();
        try
        {
            await cluster.DeployAsync().ConfigureAwait(false);
            await Eventually.Until(() => cluster.Silos.All(s => SeesAll(s.ServiceProvider, silos)), $"{silos} silos to see one another").ConfigureAwait(false);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    static bool SeesAll(IServiceProvider silo, int count) =>
        silo.GetRequiredService<IClusterMembershipService>().CurrentSnapshot.Members.Values.Count(m => m.Status == SiloStatus.Active) == count
        && silo.GetRequiredService<IClusterManifestProvider>().Current.Silos.Count == count;
}
