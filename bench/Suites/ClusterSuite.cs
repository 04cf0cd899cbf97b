using System.Diagnostics;
using BigDL.Bench.Cluster;
using BigDL.Grains;

namespace BigDL.Bench.Suites;

/// <summary>Grain calls between processes: a client through a gateway, and silo to silo; redis-benchmark ping as the peer.</summary>
/// <remarks>
/// Two Orleans silo processes (this bench as <c>cluster-silo</c>) on free loopback ports, membership on one SQLite file,
/// the pre-shared-key handshake on (<see cref="ClusterSiloProcess"/>); the bench process is an Orleans client of the
/// first silo's gateway only. The 4 MB case is now a client-to-gateway echo of an <c>Immutable&lt;float[]&gt;</c> (Orleans
/// encodes a bare float[] element by element; the raw codec both ends register applies to the immutable wrapper).
/// </remarks>
public sealed class ClusterSuite : IBenchSuite
{
    const int Callers = RedisPeer.Callers;
    static readonly TimeSpan Measure = TimeSpan.FromSeconds(5);

    public string Name => "cluster";

    public string Description => "Orleans across processes: silo-to-silo calls/s at 50 callers and 1-caller p50, client-to-gateway the same, 4 MB Immutable<float[]> echo GB/s; peer: redis-benchmark ping";

    public async Task RunAsync(BenchReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        var redis = RedisPeer.Run(report);
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

            await using var client = await BigDLClient.ConnectAsync($"127.0.0.1:{silos[0].GatewayPort}", ClusterSiloProcess.ClientApiKey, cancellationToken);
            await ClusterSiloProcess.WaitForSilosAsync(client, 2, cancellationToken);

            report.Note($"two Orleans silo processes on loopback with SQLite membership (pre-shared keys {(ClusterSiloProcess.UsesPreSharedKeys ? "on" : "off")}); the bench process is an external client of the first one's gateway");
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
            var placed = await Task.WhenAll(drivers.Select(d => d.WhereAmI()));
            if (placed.Any(p => p != gatewaySilo))
            {
                report.Note($"{placed.Count(p => p != gatewaySilo)} of {Callers} drivers were placed off the gateway silo");
            }

            await Task.WhenAll(drivers.Select(d => d.PingLoad(remote, 1, 1)));
            var loads = await Task.WhenAll(drivers.Select((d, i) => d.PingLoad([remote[i % remote.Length]], 1, Measure.TotalSeconds)));
            report.Line($"remote-calls-{Callers}", [("calls_per_s", loads.Sum(l => l.Calls) / Measure.TotalSeconds)], redis?.ManyRps);
            var one = await driver.PingLoad([remote[0]], 1, Measure.TotalSeconds);
            report.Line("remote-calls-1", [("p50_us", Percentile(one.LatenciesUs, 0.5)), ("p99_us", Percentile(one.LatenciesUs, 0.99))], redis?.OneP50Us);

            // Client to silo: the bench process calls grains on its gateway's silo.
            var (clientCalls, _) = await ClientLoadAsync(client.Client, local, Callers, TimeSpan.FromSeconds(1));
            (clientCalls, _) = await ClientLoadAsync(client.Client, local, Callers, Measure);
            report.Line($"client-calls-{Callers}", [("calls_per_s", clientCalls / Measure.TotalSeconds)], redis?.ManyRps);
            var (_, clientLatencies) = await ClientLoadAsync(client.Client, local, 1, Measure);
            report.Line("client-calls-1", [("p50_us", Percentile(clientLatencies, 0.5)), ("p99_us", Percentile(clientLatencies, 0.99))], redis?.OneP50Us);
            report.Note("remote-*: grain on silo A calls a grain on silo B; client-*: external client process to grains on its gateway silo");

            await PayloadAsync(report, client.GetGrain<IBenchPingGrain>(local[0]), cancellationToken);
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

    // A 4 MB float payload from the client to a grain on its gateway silo and back, one call at a time.
    static async Task PayloadAsync(BenchReport report, IBenchPingGrain grain, CancellationToken cancellationToken)
    {
        const int floats = 1 << 20;
        var data = new float[floats];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = i * 0.5f;
        }

        var payload = new Immutable<float[]>(data);
        var echoed = await grain.Echo(payload);
        if (echoed.Value.Length != floats || echoed.Value[^1] != data[^1])
        {
            throw new InvalidOperationException("the 4 MB echo came back different");
        }

        for (var i = 0; i < 9; i++)
        {
            await grain.Echo(payload);
        }

        var clock = Stopwatch.StartNew();
        long calls = 0;
        while (clock.Elapsed < Measure && !cancellationToken.IsCancellationRequested)
        {
            await grain.Echo(payload);
            calls++;
        }

        clock.Stop();
        var bytes = (double)floats * sizeof(float) * calls;
        report.Line("payload-4mb", [("gb_per_s", bytes / clock.Elapsed.TotalSeconds / 1e9), ("calls_per_s", calls / clock.Elapsed.TotalSeconds)]);
        report.Note("payload-4mb: one caller echoes a 4 MB Immutable<float[]> client -> gateway grain -> client, back to back; gb_per_s counts the payload once a call (it crosses the wire twice)");
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
