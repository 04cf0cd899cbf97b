using System.Diagnostics;
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
            o.AddGrainAssembly(typeof(Grains.TrainingJobGrain).Assembly);
        });
        using var host = builder.Build();
        await host.StartAsync();
        var cluster = host.Services.GetService(typeof(Orleans.Cluster.ClusterMembership)) as Orleans.Cluster.ClusterMembership;
        Console.WriteLine($"gateway {cluster!.Cluster!.GatewayPort}");
        await Console.In.ReadToEndAsync(); // the bench closes our stdin when it is done
        await host.StopAsync();
        return 0;
    }

    /// <summary>Starts this bench as a silo process of the cluster on <paramref name="store"/> and waits for its gateway port.</summary>
    public static async Task<(Process Process, int GatewayPort)> StartAsync(string store, CancellationToken cancellationToken)
    {
        var self = Environment.ProcessPath!;
        var args = self.EndsWith("dotnet", StringComparison.Ordinal) ? $"\"{typeof(ClusterSiloProcess).Assembly.Location}\" cluster-silo \"{store}\"" : $"cluster-silo \"{store}\"";
        var process = Process.Start(new ProcessStartInfo(self, args)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("the silo process did not start");
        var line = await process.StandardOutput.ReadLineAsync(cancellationToken).AsTask().WaitAsync(TimeSpan.FromSeconds(60), cancellationToken)
            ?? throw new InvalidOperationException("the silo process exited before it was ready");
        return (process, int.Parse(line["gateway ".Length..], System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Stops a silo process started by <see cref="StartAsync"/>: closes its stdin, kills it if it does not exit in time.</summary>
    public static void Stop(Process process)
    {
        ArgumentNullException.ThrowIfNull(process);
        process.StandardInput.Close();
        if (!process.WaitForExit(15_000))
        {
            process.Kill();
        }

        process.Dispose();
    }
}
