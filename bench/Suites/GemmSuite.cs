using System.Diagnostics;
using BigDL.Orleans.Compute.Kernels;

namespace BigDL.Orleans.Bench.Suites;

/// <summary>
/// Our SGEMM beside OpenBLAS (numpy_gemm.py) in the same run: 1024³ and the MLP's four GEMM shapes at 1 and 2 threads.
/// Each thread count runs the peer first and ours right after, so both see the same machine load; both sides report
/// their best repetition (the machine is shared and noisy, and the best is the least disturbed).
/// </summary>
public sealed class GemmSuite : IBenchSuite
{
    static readonly (int M, int K, int N)[] Shapes =
        [(1024, 1024, 1024), (128, 784, 512), (128, 512, 256), (784, 128, 512), (128, 512, 784)];

    public string Name => "gemm";

    public string Description => "SGEMM GFLOP/s vs OpenBLAS (numpy) at 1024³ and the MLP shapes, 1 and 2 threads";

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
            }
        }
        finally
        {
            ComputeThreads.Count = saved;
        }

        return Task.CompletedTask;
    }

    static Dictionary<string, double>? RunPeer(int threads, out string why)
    {
        var lines = Peer.RunPython("numpy_gemm.py", $"--threads {threads}", TimeSpan.FromMinutes(5), out why);
        if (lines is null)
        {
            return null;
        }

        var figures = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            // "peer openblas sgemm 1024x1024x1024 gflops=190.2"
            var parts = line.Split(' ');
            if (parts.Length >= 5 && parts[0] == "peer" && Peer.Metric(line, "gflops") is { } gflops)
            {
                figures[parts[3]] = gflops;
            }
        }

        if (figures.Count == 0)
        {
            why = "numpy_gemm.py printed no figures";
            return null;
        }

        return figures;
    }

    /// <summary>GFLOP/s of C = A·B (row-major, no transposes, as numpy's A @ B), best of 7 timed batches.</summary>
    static double Measure(int m, int k, int n)
    {
        var a = Fill(m * k, 1);
        var b = Fill(k * n, 2);
        var c = new float[m * n];
        var flops = 2.0 * m * n * k;
        var reps = Math.Max(5, (int)(1e10 / flops)); // ~50 ms a batch at 200 GFLOP/s, as the peer script does
        for (var i = 0; i < 3; i++)
        {
            Gemm.Sgemm(false, false, m, n, k, 1, a, k, b, n, 0, c, n);
        }

        var best = 0.0;
        for (var trial = 0; trial < 7; trial++)
        {
            var start = Stopwatch.GetTimestamp();
            for (var i = 0; i < reps; i++)
            {
                Gemm.Sgemm(false, false, m, n, k, 1, a, k, b, n, 0, c, n);
            }

            best = Math.Max(best, flops * reps / Stopwatch.GetElapsedTime(start).TotalSeconds / 1e9);
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
