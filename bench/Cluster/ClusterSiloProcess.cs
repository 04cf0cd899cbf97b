using System.Diagnostics;
using System.Globalization;
using System.Net;
using BigDL.Grains;
using BigDL.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BigDL.Bench.Cluster;

/// <summary>
/// The bench run as an Orleans silo process (<c>cluster-silo &lt;store&gt;</c>): joins the cluster whose membership,
/// reminders and state are in the SQLite store, on free loopback ports, prints its gateway port, stops when stdin closes.
/// </summary>
/// <remarks>
/// Configured as <c>bigdl silo</c> configures one (SQL store, <c>AddBigDL</c>, the pre-shared-key handshake), less the
/// dashboard. The handshake is on unless the bench runs with <c>BIGDL_BENCH_PSK=off</c>; it costs a connection's set-up,
/// not its calls.
/// </remarks>
public static class ClusterSiloProcess
{
    public const string Secret = "bench-cluster-secret-0123456789abcdef";
    public const string ApiKey = "bench-cluster-api-key-0123456789abcdef";

    /// <summary>Gets whether the silos and the bench's client authenticate their connections with the pre-shared keys.</summary>
    public static bool UsesPreSharedKeys => !string.Equals(Environment.GetEnvironmentVariable("BIGDL_BENCH_PSK"), "off", StringComparison.OrdinalIgnoreCase);

    /// <summary>The API key a client of these silos gives, or null where the handshake is off.</summary>
    public static string? ClientApiKey => UsesPreSharedKeys ? ApiKey : null;

    public static async Task<int> RunAsync(string store)
    {
        var siloPort = FreePort.Next();
        var gatewayPort = FreePort.Next();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Logging.AddFilter(_ => false);
        builder.UseOrleans(silo =>
        {
            // Orleans' default cluster id, as `bigdl silo` keeps by default: BigDLClient.ConnectAsync sets none, and a
            // gateway of another cluster id drops the client's connection ("Connection terminated prematurely").
            silo.ConfigureEndpoints(IPAddress.Loopback, siloPort, gatewayPort)
                .UseSqlStore(store)
                .AddBigDL();
            if (UsesPreSharedKeys)
            {
                silo.UsePreSharedKeyAuthentication(o =>
                {
                    o.ClusterSecret = Secret;
                    o.ApiKey = ApiKey;
                });
            }
        });
        using var host = builder.Build();
        await host.StartAsync();
        Console.WriteLine($"gateway {gatewayPort}");
        await Console.In.ReadToEndAsync(); // the bench closes our stdin when it is done
        await host.StopAsync();
        return 0;
    }

    /// <summary>Starts this bench as a silo process of the cluster on <paramref name="store"/> and waits for its gateway port.</summary>
    public static async Task<(Process Process, int GatewayPort)> StartAsync(string store, CancellationToken cancellationToken)
    {
        var self = Environment.ProcessPath!; // set for any process started from an executable file
        var start = new ProcessStartInfo(self)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            start.ArgumentList.Add(typeof(ClusterSiloProcess).Assembly.Location);
        }

        start.ArgumentList.Add("cluster-silo");
        start.ArgumentList.Add(store);
        var process = Process.Start(start) ?? throw new InvalidOperationException("the silo process did not start");
        var line = await process.StandardOutput.ReadLineAsync(cancellationToken).AsTask().WaitAsync(TimeSpan.FromSeconds(120), cancellationToken)
            ?? throw new InvalidOperationException("the silo process exited before it was ready");
        return (process, int.Parse(line["gateway ".Length..], CultureInfo.InvariantCulture));
    }

    /// <summary>Waits until <paramref name="count"/> silos are active in the cluster <paramref name="client"/> is connected to.</summary>
    public static async Task WaitForSilosAsync(IClusterClient client, int count, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var management = client.GetGrain<IManagementGrain>(0);
        while ((await management.GetHosts(onlyActive: true, cancellationToken)).Count < count)
        {
            await Task.Delay(200, cancellationToken);
        }
    }

    /// <summary>Stops a silo process started by <see cref="StartAsync"/>: closes its stdin, kills it if it does not exit in time.</summary>
    public static void Stop(Process process)
    {
        ArgumentNullException.ThrowIfNull(process);
        process.StandardInput.Close();
        if (!process.WaitForExit(30_000))
        {
            process.Kill();
        }

        process.Dispose();
    }
}
