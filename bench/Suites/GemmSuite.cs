using System.Diagnostics;
using BigDL.Compute.Kernels;

namespace BigDL.Bench.Suites;

/// <summary>
/// Our SGEMM beside OpenBLAS (numpy_gemm.py) in the same run: 1024³ and the MLP's four GEMM shapes at 1 and 2 threads.
/// Each thread count runs the peer first and ours right after, so both see the same machine load. The machine is shared
/// and noisy, so both sides count their least disturbed figure: ours is the best of 7 timed batches, the peer's the best
/// of 3 runs of its script (each run times one batch of the same size).
/// </summary>
public sealed class GemmSuite : IBenchSuite
{
    static readonly (int M, int K, int N)[] Shapes =
        [(1024, 1024, 1024), (128, 784, 512), (128, 512, 256), (784, 128, 512), (128, 512, 784)];

    public string Name => "gemm";

    public string Description => "SGEMM GFLOP/s vs OpenBLAS (numpy) at 1024³ and the MLP shapes, 1 and 2 threads; int8 Dense vs fp32";

    public Task RunAsync(BenchReport report, CancellationToken cancellationToken)
    {
        report.Note($"kernel path {KernelPaths.Best}");
        var saved = ComputeThreads.Count;
        try
        {
            foreach (var threads in new[] { 1, 2 })
            {
                var peer = RunPeer(threads, out var why);
                if (peer is null)
                {
                    report.Note($"no peer figures at {threads} thread(s): {why}");
                }

                ComputeThreads.Count = threads;
                foreach (var (m, k, n) in Shapes)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var ours = Measure(m, k, n);
                    double? theirs = peer is not null && peer.TryGetValue($"{m}x{k}x{n}", out var g) ? g : null;
                    report.Line($"{m}x{k}x{n}-t{threads}", [("gflops", ours)], theirs);
                }

                // The int8 kernel against our own fp32 one on the MLP's first Dense layer (y = x·Wᵀ + b, batch 128).
                var (int8, fp32) = MeasureDense(128, 784, 512);
                report.Line($"int8-dense-128x784x512-t{threads}", [("speedup_vs_fp32", int8 / fp32), ("int8_gops", int8), ("fp32_gflops", fp32)]);
            }
        }
        finally
        {
            ComputeThreads.Count = saved;
        }

        return Task.CompletedTask;
    }

    const int PeerRuns = 3;

    static Dictionary<string, double>? RunPeer(int threads, out string why)
    {
        why = "";
        Dictionary<string, double>? best = null;
        for (var run = 0; run < PeerRuns; run++)
        {
            var lines = Peer.RunPython("numpy_gemm.py", $"--threads {threads}", TimeSpan.FromMinutes(5), out why);
            if (lines is null)
            {
                return null;
            }

            foreach (var line in lines)
            {
                // "peer openblas sgemm 1024x1024x1024 gflops=190.2"
                var parts = line.Split(' ');
                if (parts.Length >= 5 && parts[0] == "peer" && Peer.Metric(line, "gflops") is { } gflops)
                {
                    best ??= new Dictionary<string, double>(StringComparer.Ordinal);
                    best[parts[3]] = Math.Max(gflops, best.GetValueOrDefault(parts[3]));
                }
            }
        }

        if (best is null)
        {
            why = "numpy_gemm.py printed no figures";
        }

        return best;
    }

    /// <summary>GFLOP/s of C = A·B (row-major, no transposes, as numpy's A @ B), best of 7 timed batches.</summary>
    static double Measure(int m, int k, int n)
    {
        var a = Fill(m * k, 1);
        var b = Fill(k * n, 2);
        var c = new float[m * n];
        return Best(2.0 * m * n * k, () => Gemm.Sgemm(false, false, m, n, k, 1, a, k, b, n, 0, c, n));
    }

    /// <summary>Operations per second of one Dense forward in int8 (quantizing x included) and in fp32, best of 7 batches each.</summary>
    static (double Int8, double Fp32) MeasureDense(int rows, int inputs, int outputs)
    {
        var x = Fill(rows * inputs, 3);
        var w = Fill(outputs * inputs, 4);
        var bias = Fill(outputs, 5);
        var y = new float[rows * outputs];
        var quantized = QuantizedWeights.Quantize(w, outputs, inputs);
        var ops = 2.0 * rows * inputs * outputs;
        var int8 = Best(ops, () => QuantizedGemm.Dense(x, rows, quantized, y, bias, Activation.ReLU));
        var fp32 = Best(ops, () => Gemm.Sgemm(false, true, rows, outputs, inputs, 1, x, inputs, w, inputs, 0, y, outputs, bias, Activation.ReLU));
        return (int8, fp32);
    }

    /// <summary>Best rate of 7 timed batches of ~50 ms at 200 G ops/s (the batch size rule of the peer script).</summary>
    static double Best(double ops, Action call)
    {
        var reps = Math.Max(5, (int)(1e10 / ops));
        for (var i = 0; i < 3; i++)
        {
            call();
        }

        var best = 0.0;
        for (var trial = 0; trial < 7; trial++)
        {
            var start = Stopwatch.GetTimestamp();
            for (var i = 0; i < reps; i++)
            {
                call();
            }

            best = Math.Max(best, ops * reps / Stopwatch.GetElapsedTime(start).TotalSeconds / 1e9);
        }

        return best;
    }

    static float[] Fill(int length, int seed)
    {
        var rng = new Random(seed);
        var x = new float[length];
        for (var i = 0; i < x.Length; i++)
        {
            x[i] = (float)rng.NextDouble();
        }

        return x;
    }
}
