using System.Diagnostics;
using BigDL.Orleans.Bench.Cluster;
using BigDL.Orleans.Client;
using BigDL.Orleans.Management;

namespace BigDL.Orleans.Bench.Suites;

/// <summary>Grain calls between processes: a client through a gateway, and silo to silo; redis-benchmark ping as the peer.</summary>
public sealed class ClusterSuite : IBenchSuite
{
    const int Callers = 50;
    static readonly TimeSpan Measure = TimeSpan.FromSeconds(5);

    public string Name => "cluster";

    public string Description => "cross-process grain calls: silo-to-silo calls/s at 50 callers and 1-caller p50, client-to-gateway the same, 4 MB float[] GB/s; peer: redis-benchmark ping";

    public async Task RunAsync(BenchReport report, CancellationToken cancellationToken)
    {
        var redis = TransportSuite.RedisPeer.Run(report);
        var folder = Path.Combine(Path.GetTempPath(), "bigdl-bench-cluster-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var store = $"Data Source={Path.Combine(folder, "cluster.db")}";
        var silos = new List<(Process Process, int GatewayPort)>();
        try
        {
            for (var i = 0; i < 2; i++)
            {
                silos.Add(await ClusterSiloProcess.StartAsync(store, cancellationToken));
            }

            await using var client = await BigDLClient.ConnectAsync($"127.0.0.1:{silos[0].GatewayPort}", ClusterSiloProcess.ApiKey, cancellationToken: cancellationToken);
            var management = client.GetGrain<IManagementGrain>(0);
            while ((await management.GetHosts()).Count(h => h.Status == "Active") < 2)
            {
                await Task.Delay(200, cancellationToken);
            }

            report.Note("two silo processes on loopback with SQLite membership; the bench process is the external client");
            var driver = client.GetGrain<IBenchDriverGrain>("driver-0");
            var gatewaySilo = await driver.WhereAmI();
            var remote = await driver.RemoteTargets(Callers);
            var local = new List<string>();
            for (var i = 0; local.Count < Callers && i < 10_000; i++)
            {
                if (await client.GetGrain<IBenchPingGrain>($"target-{i}").WhereAmI() == gatewaySilo)
                {
                    local.Add($"target-{i}");
                }
            }

            // Silo to silo: 50 drivers on the gateway silo, one calling loop each, against grains on the other silo.
            var drivers = Enumerable.Range(0, Callers).Select(i => client.GetGrain<IBenchDriverGrain>($"driver-{i}")).ToList();
            await Task.WhenAll(drivers.Select(d => d.PingLoad(remote, 1, 1)));
            var loads = await Task.WhenAll(drivers.Select((d, i) => d.PingLoad([remote[i % remote.Length]], 1, Measure.TotalSeconds)));
            report.Line($"remote-calls-{Callers}", [("calls_per_s", loads.Sum(l => l.Calls) / Measure.TotalSeconds)], redis?.ManyRps);
            var one = await driver.PingLoad([remote[0]], 1, Measure.TotalSeconds);
            report.Line("remote-calls-1", [("p50_us", Percentile(one.LatenciesUs, 0.5)), ("p99_us", Percentile(one.LatenciesUs, 0.99))], redis?.OneP50Us);

            // Client to silo: the bench process calls grains on its gateway's silo.
            var (clientCalls, _) = await ClientLoadAsync(client, local, Callers, TimeSpan.FromSeconds(1));
            (clientCalls, _) = await ClientLoadAsync(client, local, Callers, Measure);
            report.Line($"client-calls-{Callers}", [("calls_per_s", clientCalls / Measure.TotalSeconds)], redis?.ManyRps);
            var (_, clientLatencies) = await ClientLoadAsync(client, local, 1, Measure);
            report.Line("client-calls-1", [("p50_us", Percentile(clientLatencies, 0.5)), ("p99_us", Percentile(clientLatencies, 0.99))], redis?.OneP50Us);

            // A 4 MB float[] argument from a grain on one silo process to a grain on the other.
            const int floats = 1 << 20;
            const int rounds = 50;
            var seconds = await driver.Payload(remote[0], floats, rounds);
            report.Line("payload-4mb", [("gb_per_s", (double)floats * sizeof(float) * rounds / seconds / 1e9)]);
            report.Note("remote-*: grain on silo A calls a grain on silo B; client-*: external client process to grains on its gateway silo");
        }
        finally
        {
            foreach (var (process, _) in silos)
            {
                ClusterSiloProcess.Stop(process);
            }

            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    static async Task<(long Calls, double[] LatenciesUs)> ClientLoadAsync(IClusterClient client, List<string> targets, int callers, TimeSpan duration)
    {
        var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var latencies = new List<double>();
        var counts = await Task.WhenAll(Enumerable.Range(0, callers).Select(c => Task.Run(async () =>
        {
            var grain = client.GetGrain<IBenchPingGrain>(targets[c % targets.Count]);
            long calls = 0;
            while (Stopwatch.GetTimestamp() < until)
            {
                var start = Stopwatch.GetTimestamp();
                await grain.Ping(c);
                if (c == 0)
                {
                    latencies.Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds);
                }

                calls++;
            }

            return calls;
        })));
        return (counts.Sum(), [.. latencies]);
    }

    static double Percentile(double[] values, double q)
    {
        if (values.Length == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];
    }
}
