using System.Diagnostics;
using BigDL.Compute.Losses;
using BigDL.Compute.Metrics;
using BigDL.Compute.Models;
using BigDL.Compute.Nn;
using BigDL.Compute.Optim;
using BigDL.Compute.Serialization;
using BigDL.Compute.Training;

namespace BigDL.Grains;

/// <summary>
/// The built-in <c>mlp-classifier</c>: an MLP trained with Adam and softmax cross-entropy on the spec's generated data.
/// Parameters <c>learning_rate</c>, <c>hidden_units</c>, <c>layers</c>, <c>dropout</c>, <c>batch_size</c> override the spec's model defaults.
/// It measures every metric of <see cref="ObjectiveSpec.KnownMetrics"/>.
/// </summary>
public sealed partial class MlpClassifierObjective : ITrialObjective
{
    /// <summary>The model type this objective trains.</summary>
    public const string Type = "mlp-classifier";

    const float DefaultMargin = 0.1f;
    const int LatencyRows = 64;
    const int LatencyRuns = 7;

    /// <inheritdoc/>
    public string ModelType => Type;

    /// <inheritdoc/>
    public Task<TrialOutcome> RunAsync(TrialContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var settings = Settings.Of(context);
        var model = Mlp.Classifier(context.Spec.Dataset.Features, [.. Enumerable.Repeat(settings.Hidden, settings.Layers)], context.Spec.Dataset.Classes, (float)settings.Dropout);
        model.Build(settings.InitSeed);
        return context.Spec.Model.Replicas > 1
            ? RunDataParallelAsync(context, settings, model, cancellationToken)
            : RunLocalAsync(context, settings, model, cancellationToken);
    }

    /// <summary>Trains in this process, one epoch per Fit call, reporting after each.</summary>
    static async Task<TrialOutcome> RunLocalAsync(TrialContext context, Settings settings, Model model, CancellationToken cancellationToken)
    {
        var spec = context.Spec;
        var (train, validation) = GeneratedDatasets.Get(spec.Dataset, settings.Margin);
        var trainer = new Trainer(model, new SoftmaxCrossEntropyLoss(), new Adam((float)settings.LearningRate));
        var values = new EpochValues(context, model);
        for (var epoch = 1; epoch <= spec.Epochs; epoch++)
        {
            cancellationToken.ThrowIfCancellationRequested();

            // One epoch per Fit call: the grain's turn resumes between epochs to report and hear the pruner's answer,
            // while the training itself runs on the thread pool.
            var options = new FitOptions { Epochs = 1, BatchSize = settings.BatchSize, Seed = context.Number * 10_007 + epoch, Validation = validation, Metrics = [new Accuracy()] };
            var fit = await Task.Run(() => trainer.Fit(train, options), cancellationToken);
            if (!fit.Succeeded)
            {
                return TrialOutcome.Failed(fit.Message);
            }

            var result = fit.History[0];
            if (await values.MeasureAsync(epoch, result.ValidationLoss, result.Get("accuracy"), cancellationToken) is { } failure)
            {
                return TrialOutcome.Failed(failure);
            }

            if (await context.ReportValuesAsync(epoch, values.Current))
            {
                return TrialOutcome.Pruned(values.Current[0], epoch);
            }
        }

        return values.Complete(model);
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
