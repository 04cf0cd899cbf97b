using System.Diagnostics;
using BigDL.Compute.Kernels;

namespace BigDL.Bench.Suites;

/// <summary>The runtime's in-silo figures: grain call throughput and latency, activation rate, memory per idle activation.</summary>
/// <remarks>
/// Orleans 10 in one in-process silo (<see cref="BenchSilo"/>: localhost clustering, memory storage, <c>AddBigDL</c>);
/// callers are plain thread-pool tasks calling through the silo's own cluster client, as the home-made runtime's were.
/// </remarks>
public sealed class RuntimeSuite : IBenchSuite
{
    const int Grains = 1000;
    const int Callers = 256;
    static readonly TimeSpan Warmup = TimeSpan.FromSeconds(2);
    static readonly TimeSpan Measure = TimeSpan.FromSeconds(5);

    public string Name => "runtime";

    public string Description => "Orleans in one silo: grain calls/s and latency over 1000 grains, activation rate, memory per idle activation";

    public async Task RunAsync(BenchReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        report.Note($"kernel path {KernelPaths.Best}");
        await using var silo = await BenchSilo.StartAsync(cancellationToken);
        var client = silo.Client;

        await Activations(report, client); // first, so the call benchmark's garbage does not blur the memory figure
        await LocalCalls(report, client, cancellationToken);
        await GrainCalls(report, client);
    }

    // The same load with the callers inside the silo, as grains: Orleans runs their continuations on the activation's scheduler.
    static async Task GrainCalls(BenchReport report, IClusterClient client)
    {
        var callers = Enumerable.Range(0, Callers).Select(i => client.GetGrain<IBenchCallerGrain>(i)).ToArray();
        long StopAt(TimeSpan duration) => Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var warm = StopAt(Warmup);
        await Task.WhenAll(callers.Select(c => c.Run(Grains, warm)));
        var stop = StopAt(Measure);
        var runs = await Task.WhenAll(callers.Select(c => c.Run(Grains, stop)));
        var all = runs.SelectMany(r => r.Latencies).ToArray();
        Array.Sort(all);
        double Percentile(double p) => all.Length == 0 ? 0 : all[(int)Math.Min(all.Length - 1, p * all.Length)] * 1e6 / Stopwatch.Frequency;
        report.Line("grain-calls", [("calls_per_s", runs.Sum(r => r.Calls) / Measure.TotalSeconds), ("p50_us", Percentile(0.50)), ("p99_us", Percentile(0.99))]);
        report.Note($"grain-calls: {Callers} caller grains, one loop each, over the same {Grains} grains");
    }

    static async Task LocalCalls(BenchReport report, IClusterClient client, CancellationToken cancellationToken)
    {
        var grains = Enumerable.Range(0, Grains).Select(i => client.GetGrain<IBenchGrain>(i)).ToArray();
        await Task.WhenAll(grains.Select(g => g.Add(1)));

        _ = await RunCallers(grains, Warmup, cancellationToken);
        var (calls, latencies, fewest, most) = await RunCallers(grains, Measure, cancellationToken);

        var all = latencies.SelectMany(l => l).ToArray();
        Array.Sort(all);
        double Percentile(double p) => all.Length == 0 ? 0 : all[(int)Math.Min(all.Length - 1, p * all.Length)] * 1e6 / Stopwatch.Frequency;
        report.Line("local-calls", [("calls_per_s", calls / Measure.TotalSeconds), ("p50_us", Percentile(0.50)), ("p99_us", Percentile(0.99))]);
        report.Note($"{Callers} concurrent callers over {Grains} grains for {Measure.TotalSeconds:0} s; latency = send to awaited response; calls per caller {fewest}..{most}");
    }

    static async Task<(long Calls, List<long>[] Latencies, long MinPerCaller, long MaxPerCaller)> RunCallers(IBenchGrain[] grains, TimeSpan duration, CancellationToken cancellationToken)
    {
        var stopAt = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var latencies = new List<long>[Callers];
        var counts = new long[Callers];
        var tasks = new Task[Callers];
        for (var c = 0; c < Callers; c++)
        {
            var caller = c;
            latencies[caller] = new List<long>(1 << 16);
            tasks[caller] = Task.Run(async () =>
            {
                var random = new Random(caller);
                var samples = latencies[caller];
                long n = 0;
                while (!cancellationToken.IsCancellationRequested)
                {
                    var start = Stopwatch.GetTimestamp();
                    if (start >= stopAt)
                    {
                        break;
                    }

                    await grains[random.Next(grains.Length)].Add(1);
                    var elapsed = Stopwatch.GetTimestamp() - start;
                    n++;
                    if ((n & 7) == 0)
                    {
                        samples.Add(elapsed); // every 8th call: enough samples for p99 without the list dominating the cost
                    }
                }

                counts[caller] = n;
            }, cancellationToken);
        }

        await Task.WhenAll(tasks);
        return (counts.Sum(), latencies, counts.Min(), counts.Max());
    }

    static async Task Activations(BenchReport report, IClusterClient client)
    {
        const int count = 100_000;
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var clock = Stopwatch.StartNew();
        const int batch = 1000;
        for (var start = 0; start < count; start += batch)
        {
            var calls = new Task[batch];
            for (var i = 0; i < batch; i++)
            {
                calls[i] = client.GetGrain<IBenchGrain>(1_000_000 + start + i).Add(1);
            }

            await Task.WhenAll(calls);
        }

        clock.Stop();
        var after = GC.GetTotalMemory(forceFullCollection: true);
        report.Line("activations", [("activations_per_s", count / clock.Elapsed.TotalSeconds), ("bytes_per_idle_activation", (after - before) / (double)count)]);
    }
}

/// <summary>The grain the runtime suite calls: one integer of state, one method.</summary>
public interface IBenchGrain : IGrainWithIntegerKey
{
    Task<int> Add(int value);
}

/// <summary>Calls bench grains in a loop from inside the silo, as one grain calls another.</summary>
public interface IBenchCallerGrain : IGrainWithIntegerKey
{
    /// <summary>Calls random grains among the first <paramref name="grains"/> until <paramref name="stopAt"/> (a Stopwatch timestamp); returns the calls and every 8th latency in ticks.</summary>
    Task<(long Calls, long[] Latencies)> Run(int grains, long stopAt);
}

/// <summary>Implements <see cref="IBenchCallerGrain"/>.</summary>
public sealed class BenchCallerGrain : Grain, IBenchCallerGrain
{
    public async Task<(long Calls, long[] Latencies)> Run(int grains, long stopAt)
    {
        var random = new Random((int)this.GetPrimaryKeyLong());
        var targets = Enumerable.Range(0, grains).Select(i => GrainFactory.GetGrain<IBenchGrain>(i)).ToArray();
        var samples = new List<long>(1 << 14);
        long n = 0;
        while (true)
        {
            var start = Stopwatch.GetTimestamp();
            if (start >= stopAt)
            {
                break;
            }

            await targets[random.Next(targets.Length)].Add(1);
            n++;
            if ((n & 7) == 0)
            {
                samples.Add(Stopwatch.GetTimestamp() - start);
            }
        }

        return (n, [.. samples]);
    }
}

/// <summary>Implements <see cref="IBenchGrain"/>.</summary>
public sealed class BenchGrain : Grain, IBenchGrain
{
    int total;

    public Task<int> Add(int value) => Task.FromResult(total += value);
}
