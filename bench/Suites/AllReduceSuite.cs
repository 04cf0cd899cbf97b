using System.Diagnostics;
using BigDL.Bench.Cluster;
using BigDL.Compute.Models;
using BigDL.Compute.Serialization;
using BigDL.Grains;

namespace BigDL.Bench.Suites;

/// <summary>
/// Data-parallel training of the ncf workload (the train suite's NeuMF, 1.26M parameters) through the grains: samples/s
/// of 4 replicas over 1 in one silo at the same global batch, of 8 steps per round trip over 1, and on 2 silo processes.
/// </summary>
/// <remarks>
/// On Orleans 10: each one-silo job on a fresh in-process <see cref="BenchSilo"/>; ncf-2silo on two Orleans silo processes
/// (<see cref="ClusterSiloProcess"/>: SQLite membership, free ports) with the bench as a client of both gateways.
/// </remarks>
public sealed class AllReduceSuite : IBenchSuite
{
    const int Runs = 5;

    // The train suite's ncf workload: NeuMF over 6040 users × 3706 items, GMF 64, MLP 128-64-32, batch 2048.
    const int Users = 6040;
    const int Items = 3706;
    const int Rows = 131_072;
    const int GlobalBatch = 2048;

    public string Name => "allreduce";

    public string Description => "ncf (1.26M parameters) through TrainingJob/ModelReplica/ParameterShard grains: 4 replicas vs 1, 8 steps per round vs 1, 2 silo processes";

    public async Task RunAsync(BenchReport report, CancellationToken cancellationToken)
    {
        var model = NeuMF.Create(Users, Items, gmfDimension: 64, mlpLayers: [128, 64, 32]);
        var spec = new TrainingJobSpec(ModelDescription.ToJson(model), "bce-with-logits", new OptimizerSpec("adam", 1e-3),
            new TrainingDataSpec("ncf", Rows, Users, Items, Seed: 1), GlobalBatch, Replicas: 1, Shards: 1, Epochs: 2);
        report.Note($"NeuMF {Users} users x {Items} items, GMF 64, MLP 128-64-32: {model.Build(0).Parameters.Length} parameters; {Rows} rows, Adam; jobs of 2 epochs, the two arms of a case alternating, {Runs} of each, medians; samples/s over the job's rounds (data loading excluded)");

        var four = spec with { Replicas = 4, Shards = 4 };
        var grouped = four with { StepsPerRound = 8 };
        await using (var silo = await BenchSilo.StartAsync(cancellationToken))
        {
            // Every configuration measured runs first, twice, so both arms are past tier-0 JIT and first allocations.
            for (var i = 0; i < 2; i++)
            {
                foreach (var warm in new[] { spec, four, grouped })
                {
                    await RunJobAsync(silo.Client, report, warm with { Epochs = 1 }, "warm-up", cancellationToken);
                }
            }
        }

        var (one, fourReplicas) = await AlternateAsync(report, spec, four, cancellationToken);
        report.Line("ncf-4v1", [("ratio", fourReplicas / one), ("samples_per_s_1", one), ("samples_per_s_4", fourReplicas)]);
        report.Note($"ncf-4v1: 4 replicas and 4 shards over 1 and 1, global batch {GlobalBatch}, one in-process silo (a fresh one for each job)");

        var (perStep, perEight) = await AlternateAsync(report, four, grouped, cancellationToken);
        report.Line("group-8v1", [("ratio", perEight / perStep), ("samples_per_s_1", perStep), ("samples_per_s_8", perEight)]);
        report.Note($"group-8v1: 4 replicas, 4 shards, global batch {GlobalBatch}, 8 steps per driver round trip over 1");

        await TwoSilosAsync(report, spec with { Replicas = 4, Shards = 2 }, cancellationToken);
    }

    // Two silo processes (this bench run as `cluster-silo`) on a SQLite membership table; the bench is an external client.
    static async Task TwoSilosAsync(BenchReport report, TrainingJobSpec spec, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(Path.GetTempPath(), "bigdl-bench-allreduce-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var store = $"Data Source={Path.Combine(folder, "cluster.db")}";
        var silos = new List<Process>();
        try
        {
            var gateways = new List<int>();
            for (var i = 0; i < 2; i++)
            {
                var (process, port) = await ClusterSiloProcess.StartAsync(store, cancellationToken);
                silos.Add(process);
                gateways.Add(port);
            }

            await using var client = await BigDLClient.ConnectAsync(
                string.Join(',', gateways.Select(p => $"127.0.0.1:{p}")), ClusterSiloProcess.ClientApiKey, cancellationToken);
            await ClusterSiloProcess.WaitForSilosAsync(client, 2, cancellationToken);

            for (var i = 0; i < 2; i++)
            {
                await RunJobAsync(client, report, spec with { Epochs = 1 }, "two-silo warm-up", cancellationToken);
            }

            var load = LoadAverage();
            var runs = new List<TrainingTelemetry>();
            for (var run = 0; run < Runs; run++)
            {
                runs.Add(await RunJobAsync(client, report, spec, "two-silo", cancellationToken));
            }

            report.Note($"load average (1, 5, 15 min) {load} before, {LoadAverage()} after");
            var two = runs.OrderBy(t => t.SamplesPerSecond).ElementAt(Runs / 2);
            report.Line("ncf-2silo", [("samples_per_s", two.SamplesPerSecond), ("sync_fraction", two.SyncRatio)]);
            report.Note($"ncf-2silo: {spec.Replicas} replicas and {spec.Shards} shards spread over 2 silo processes ([SpreadPlacement]: replica i and shard i on silo i mod 2) on loopback, global batch {GlobalBatch}; sync_fraction = time pulling slices, pushing chunks and waiting for the other replicas over compute + that (median job)");
        }
        finally
        {
            foreach (var process in silos)
            {
                ClusterSiloProcess.Stop(process);
            }

            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    static int jobs;

    // Jobs of `a` and `b` one after the other, `Runs` of each, so a change in the machine's load falls on both arms alike;
    // the median samples/s of each, and the load average before and after. Each job runs on a fresh silo, the last one's
    // memory collected first: a silo keeps a finished job's grains and checkpoints (~250 MB for this model), so a job after
    // others on one silo gets fresh memory to fault in on its first steps (the first step of a 4-replica job took 50-90 ms
    // after ten jobs, against ~3 ms a step after it): the second job of a pair was the slower, and a bench on one silo grew
    // past 6 GB.
    static async Task<(double A, double B)> AlternateAsync(BenchReport report, TrainingJobSpec a, TrainingJobSpec b, CancellationToken cancellationToken)
    {
        var load = LoadAverage();
        var samplesA = new List<double>();
        var samplesB = new List<double>();
        for (var run = 0; run < Runs; run++)
        {
            samplesA.Add(await RunOnFreshSiloAsync(report, a, cancellationToken));
            samplesB.Add(await RunOnFreshSiloAsync(report, b, cancellationToken));
        }

        report.Note($"load average (1, 5, 15 min) {load} before, {LoadAverage()} after");
        return (Median(samplesA), Median(samplesB));
    }

    static async Task<double> RunOnFreshSiloAsync(BenchReport report, TrainingJobSpec spec, CancellationToken cancellationToken)
    {
        await using var silo = await BenchSilo.StartAsync(cancellationToken); // collects the previous silo's memory first
        var telemetry = await RunJobAsync(silo.Client, report, spec, "one-silo", cancellationToken);
        return telemetry.SamplesPerSecond;
    }

    static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    // The machine's load average, where the OS publishes it (Linux); the figures above mean little without it.
    static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    static async Task<TrainingTelemetry> RunJobAsync(IClusterClient client, BenchReport report, TrainingJobSpec spec, string label, CancellationToken cancellationToken)
    {
        var job = client.GetGrain<ITrainingJobGrain>($"bench-allreduce-{Environment.ProcessId}-{jobs++}");
        await job.Start(spec);
        TrainingJobStatus status;
        while ((status = await job.GetStatus()).State == TrainingJobState.Running)
        {
            await Task.Delay(20, cancellationToken);
        }

        if (status.State != TrainingJobState.Completed)
        {
            throw new InvalidOperationException($"bench job ended {status.State}: {status.Message}");
        }

        var t = status.Telemetry;
        var placement = status.Placement is { } p
            ? $"; replicas per silo {string.Join("/", p.Replicas.GroupBy(s => s).Select(g => g.Count()))}, shards per silo {string.Join("/", p.Shards.GroupBy(s => s).Select(g => g.Count()))}"
            : "";
        report.Note($"{label} replicas={spec.Replicas} shards={spec.Shards} steps_per_round={spec.StepsPerRound}: {t.SamplesPerSecond:F0} samples/s, compute {t.ComputeMsPerStep:F2} ms/step, sync {t.SyncMsPerStep:F2} ms/step (ratio {t.SyncRatio:F2}){placement}");
        return t;
    }
}
