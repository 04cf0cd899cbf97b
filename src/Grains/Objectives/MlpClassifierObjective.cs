using System.Diagnostics;
using BigDL.Orleans.Compute.Losses;
using BigDL.Orleans.Compute.Metrics;
using BigDL.Orleans.Compute.Models;
using BigDL.Orleans.Compute.Nn;
using BigDL.Orleans.Compute.Optim;
using BigDL.Orleans.Compute.Serialization;
using BigDL.Orleans.Compute.Training;

namespace BigDL.Orleans.Grains;

/// <summary>
/// The built-in <c>mlp-classifier</c>: an MLP trained with Adam and softmax cross-entropy on the spec's generated data.
/// Parameters <c>learning_rate</c>, <c>hidden_units</c>, <c>layers</c>, <c>dropout</c>, <c>batch_size</c> override the spec's model defaults.
/// It measures every metric of <see cref="ObjectiveSpec.KnownMetrics"/>.
/// </summary>
public sealed class MlpClassifierObjective : ITrialObjective
{
    /// <summary>The model type this objective trains.</summary>
    public const string Type = "mlp-classifier";

    const float DefaultMargin = 0.1f;
    const int LatencyRows = 64;
    const int LatencyRuns = 7;

    /// <inheritdoc/>
    public string ModelType => Type;

    /// <inheritdoc/>
    public async Task<TrialOutcome> RunAsync(TrialContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var spec = context.Spec;
        var m = spec.Model;
        var d = spec.Dataset;
        var hidden = context.GetInt("hidden_units", m.HiddenUnits);
        var layers = context.GetInt("layers", m.Layers);
        var learningRate = context.GetDouble("learning_rate", m.LearningRate);
        var batchSize = context.GetInt("batch_size", m.BatchSize);
        var dropout = context.GetDouble("dropout", m.Dropout);

        var margin = d.Margin is { } given ? (float)given : DefaultMargin;
        var (train, validation) = GeneratedDatasets.Get(d, margin);
        var model = Mlp.Classifier(d.Features, [.. Enumerable.Repeat(hidden, layers)], d.Classes, (float)dropout);
        model.Build(unchecked((int)spec.Seed * 7919 + context.Number));
        var trainer = new Trainer(model, new SoftmaxCrossEntropyLoss(), new Adam((float)learningRate));
        var metrics = context.Metrics;
        var values = new double[metrics.Count];
        double? latency = null;
        for (var epoch = 1; epoch <= spec.Epochs; epoch++)
        {
            cancellationToken.ThrowIfCancellationRequested();

            // One epoch per Fit call: the grain's turn resumes between epochs to report and hear the pruner's answer,
            // while the training itself runs on the thread pool.
            var options = new FitOptions { Epochs = 1, BatchSize = batchSize, Seed = context.Number * 10_007 + epoch, Validation = validation, Metrics = [new Accuracy()] };
            var fit = await Task.Run(() => trainer.Fit(train, options), cancellationToken);
            if (!fit.Succeeded)
            {
                return TrialOutcome.Failed(fit.Message);
            }

            var result = fit.History[0];
            for (var i = 0; i < metrics.Count; i++)
            {
                values[i] = metrics[i] switch
                {
                    "val_loss" => result.ValidationLoss ?? double.NaN,
                    "val_accuracy" => result.Get("accuracy") ?? double.NaN,
                    "parameters" => model.Parameters.Count,
                    "latency_ms" => latency ??= await Task.Run(() => LatencyMs(model, d), cancellationToken),
                    var other => throw new InvalidOperationException($"{Type} does not measure '{other}'"),
                };
                if (!double.IsFinite(values[i]))
                {
                    return TrialOutcome.Failed($"{metrics[i]} is {values[i]} after epoch {epoch}");
                }
            }

            if (await context.ReportValuesAsync(epoch, values))
            {
                return TrialOutcome.Pruned(values[0], epoch);
            }
        }

        using var stream = new MemoryStream();
        ModelSerializer.Save(model, stream);
        return metrics.Count == 1 ? TrialOutcome.Complete(values[0], stream.ToArray()) : TrialOutcome.Complete(values, stream.ToArray());
    }

    /// <summary>Milliseconds to predict one batch of <see cref="LatencyRows"/> rows: the median of several runs after a warm-up.</summary>
    static double LatencyMs(Model model, DatasetSpec d)
    {
        var batch = SyntheticData.Classification(LatencyRows, d.Features, d.Classes, d.Seed + 2).Inputs[0];
        model.Predict(batch, LatencyRows);
        var runs = new double[LatencyRuns];
        for (var i = 0; i < runs.Length; i++)
        {
            var clock = Stopwatch.StartNew();
            model.Predict(batch, LatencyRows);
            runs[i] = clock.Elapsed.TotalMilliseconds;
        }

        Array.Sort(runs);
        return runs[runs.Length / 2];
    }
}
