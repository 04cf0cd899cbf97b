using System.Diagnostics;
using BigDL.Compute.Kernels;
using BigDL.Compute.Losses;
using BigDL.Compute.Models;
using BigDL.Compute.Nn;
using BigDL.Compute.Optim;
using BigDL.Compute.Tensors;

namespace BigDL.Bench.Suites;

/// <summary>
/// Training throughput on the three workloads of ../shared/peers/torch_train.py (same shapes, batch sizes, losses and
/// Adam lr 1e-3, one fixed synthetic batch re-used every step as the peer does), beside PyTorch measured in the same run.
/// </summary>
public sealed class TrainSuite : IBenchSuite
{
    const double Seconds = 5;

    /// <inheritdoc/>
    public string Name => "train";

    /// <inheritdoc/>
    public string Description => "training samples/s for mlp, ncf, lstm vs PyTorch 1.13 CPU (best of 1 and 2 threads)";

    /// <inheritdoc/>
    public Task RunAsync(BenchReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        report.Note($"ours: {ComputeThreads.Count} compute threads; peer: OPENBLAS_NUM_THREADS=1, torch threads 1 and 2, the faster counted");
        foreach (var workload in new[] { "mlp", "ncf", "lstm" })
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (model, inputs, target, loss, batch) = Create(workload);
            var ours = Measure(model, inputs, target, loss, batch, out var steps);
            var peer = PeerSamplesPerSecond(workload, report);
            report.Note($"ours {workload}: {steps} steps in {Seconds} s, {model.Parameters.Count} parameters");
            report.Line(workload, [("samples_per_s", ours)], peer);
        }

        return Task.CompletedTask;
    }

    internal static (Model Model, Tensor[] Inputs, Tensor Target, Loss Loss, int Batch) Create(string workload)
    {
        var random = new Random(0);
        Tensor Normal(params int[] shape)
        {
            var t = new Tensor(shape);
            var s = t.Span;
            for (var i = 0; i < s.Length; i++)
            {
                s[i] = (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
            }

            return t;
        }

        Tensor Ints(int rows, int max)
        {
            var t = new Tensor(rows, 1);
            for (var i = 0; i < rows; i++)
            {
                t.Span[i] = random.Next(max);
            }

            return t;
        }

        switch (workload)
        {
            case "mlp":
                // 784-512-256-10, ReLU, softmax cross-entropy, batch 128
                var mlp = Mlp.Classifier(784, [512, 256], 10).Build(seed: 0);
                return (mlp, [Normal(128, 784)], Ints(128, 10).View(128), new SoftmaxCrossEntropyLoss(), 128);
            case "ncf":
                // NeuMF 6040 users × 3706 items, GMF 64, MLP 128-64-32, BCE with logits, batch 2048
                var ncf = NeuMF.Create(6040, 3706, 64, [128, 64, 32]).Build(seed: 0);
                return (ncf, [Ints(2048, 6040), Ints(2048, 3706)], Ints(2048, 2), new BceWithLogitsLoss(), 2048);
            default:
                // LSTM hidden 64, lookback 48, 1 feature, dense to horizon 1, MSE, batch 64
                var lstm = LstmForecaster.Create(48, 1, 64, 1).Build(seed: 0);
                return (lstm, [Normal(64, 48, 1)], Normal(64, 1), new MseLoss(), 64);
        }
    }

    static double Measure(Model model, Tensor[] inputs, Tensor target, Loss loss, int batch, out long steps)
    {
        var optimizer = new Adam(1e-3f);
        void Step()
        {
            model.ComputeGradients(inputs, target, loss);
            optimizer.Step(model.Parameters);
        }

        for (var i = 0; i < 10; i++)
        {
            Step();
        }

        steps = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < Seconds)
        {
            Step();
            steps++;
        }

        return steps * batch / clock.Elapsed.TotalSeconds;
    }

    static double? PeerSamplesPerSecond(string workload, BenchReport report)
    {
        double? best = null;
        foreach (var threads in new[] { 1, 2 })
        {
            var lines = Peer.RunPython("torch_train.py", $"--workload {workload} --threads {threads} --seconds {Seconds}", TimeSpan.FromMinutes(3), out var why,
                new Dictionary<string, string> { ["OPENBLAS_NUM_THREADS"] = "1", ["OMP_NUM_THREADS"] = threads.ToString(System.Globalization.CultureInfo.InvariantCulture) });
            if (lines is null)
            {
                report.Note($"peer torch {workload} threads={threads} did not run: {why}");
                continue;
            }

            foreach (var line in lines.Where(l => l.StartsWith("peer torch", StringComparison.Ordinal)))
            {
                report.Note($"{line} threads={threads}");
                if (Peer.Metric(line, "samples_per_s") is { } v && (best is null || v > best))
                {
                    best = v;
                }
            }
        }

        return best;
    }
}
