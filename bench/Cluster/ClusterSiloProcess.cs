using BigDL.Orleans.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BigDL.Orleans.Bench.Cluster;

/// <summary>The bench run as a silo process (<c>cluster-silo &lt;store&gt;</c>): joins the cluster, prints its gateway port, stops when stdin closes.</summary>
public static class ClusterSiloProcess
{
    public const string Secret = "bench-cluster-secret-0123456789abcdef";
    public const string ApiKey = "bench-cluster-api-key-0123456789abcdef";

    public static async Task<int> RunAsync(string store)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Logging.AddFilter(_ => false);
        builder.UseBigDLSilo(o =>
        {
            o.Storage = store;
            o.Port = 0;
            o.GatewayPort = 0;
            o.ClusterSecret = Secret;
            o.ApiKey = ApiKey;
            o.AddGrainAssembly(typeof(ClusterSiloProcess).Assembly);
        });
        using var host = builder.Build();
        await host.StartAsync();
        var cluster = host.Services.GetService(typeof(Orleans.Cluster.ClusterMembership)) as Orleans.Cluster.ClusterMembership;
        Console.WriteLine($"gateway {cluster!.Cluster!.GatewayPort}");
        await Console.In.ReadToEndAsync(); // the bench closes our stdin when it is done
        await host.StopAsync();
        return 0;
    }
}
