using System.Diagnostics;
using BigDL.Compute.Losses;
using BigDL.Compute.Metrics;
using BigDL.Compute.Models;
using BigDL.Compute.Nn;
using BigDL.Compute.Optim;
using BigDL.Compute.Quantization;
using BigDL.Compute.Tensors;
using BigDL.Compute.Training;

namespace BigDL.Bench.Suites;

/// <summary>
/// Int8 post-training quantization of an MLP's Dense layers: inference throughput at batch 128 against the fp32 model
/// and the accuracy lost on a generated separable problem.
/// </summary>
public sealed class QuantSuite : IBenchSuite
{
    const int Batch = 128;
    const double Seconds = 1;
    const int Rounds = 5;

    /// <inheritdoc/>
    public string Name => "quant";

    /// <inheritdoc/>
    public string Description => "int8 Dense inference speed-up over fp32 at batch 128 and accuracy drop (784-512-256-10 MLP)";

    /// <inheritdoc/>
    public Task RunAsync(BenchReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);

        // The mlp workload's shape, trained briefly on a generated problem so accuracy means something.
        var train = SyntheticData.Classification(40000, 784, 10, seed: 1, margin: 3);
        var test = SyntheticData.Classification(5000, 784, 10, seed: 2, margin: 3);
        var model = Mlp.Classifier(784, [512, 256], 10).Build(seed: 0);
        model.Fit(train, new SoftmaxCrossEntropyLoss(), new Adam(1e-3f), new FitOptions { Epochs = 6, BatchSize = 128 });
        var quantized = Quantizer.QuantizeDense(model);

        var accuracy = new Accuracy();
        var fp32Accuracy = accuracy.Compute(model.Predict(test.Inputs), test.Targets);
        var int8Accuracy = accuracy.Compute(quantized.Predict(test.Inputs), test.Targets);
        var batch = test.Inputs[0].Rows(0, Batch);
        // Alternating short rounds, best of each: both models see the same (shared, drifting) machine.
        double fp32 = 0, int8 = 0;
        for (var round = 0; round < Rounds; round++)
        {
            fp32 = Math.Max(fp32, Throughput(model, batch));
            int8 = Math.Max(int8, Throughput(quantized, batch));
        }

        report.Note($"fp32 {fp32:0} samples/s, accuracy {100 * fp32Accuracy:0.00}%; int8 {int8:0} samples/s, accuracy {100 * int8Accuracy:0.00}%");
        report.Line("dense-int8", [("speedup", int8 / fp32), ("accuracy_drop_pts", Math.Round(100 * (fp32Accuracy - int8Accuracy), 2))]);
        return Task.CompletedTask;
    }

    static double Throughput(Model model, Tensor batch)
    {
        for (var i = 0; i < 20; i++)
        {
            model.Forward(batch);
        }

        long n = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < Seconds)
        {
            model.Forward(batch);
            n++;
        }

        return n * Batch / clock.Elapsed.TotalSeconds;
    }
}
