using BigDL.Orleans.Compute.Losses;
using BigDL.Orleans.Compute.Metrics;
using BigDL.Orleans.Compute.Models;
using BigDL.Orleans.Compute.Optim;
using BigDL.Orleans.Compute.Serialization;
using BigDL.Orleans.Compute.Training;

namespace BigDL.Orleans.Grains;

/// <summary>
/// The built-in <c>mlp-classifier</c>: an MLP trained with Adam and softmax cross-entropy on the spec's generated data.
/// Parameters <c>learning_rate</c>, <c>hidden_units</c>, <c>layers</c>, <c>dropout</c>, <c>batch_size</c> override the spec's model defaults.
/// </summary>
public sealed class MlpClassifierObjective : ITrialObjective
{
    /// <summary>The model type this objective trains.</summary>
    public const string Type = "mlp-classifier";

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

        var train = SyntheticData.Classification(d.Rows, d.Features, d.Classes, d.Seed);
        var validation = SyntheticData.Classification(Math.Max(d.Rows / 4, 1), d.Features, d.Classes, d.Seed + 1);
        var model = Mlp.Classifier(d.Features, [.. Enumerable.Repeat(hidden, layers)], d.Classes, (float)dropout);
        model.Build(unchecked((int)spec.Seed * 7919 + context.Number));
        var trainer = new Trainer(model, new SoftmaxCrossEntropyLoss(), new Adam((float)learningRate));
        var value = double.NaN;
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
            value = (spec.Metric == "val_loss" ? result.ValidationLoss : result.Get("accuracy")) ?? double.NaN;
            if (!double.IsFinite(value))
            {
                return TrialOutcome.Failed($"{spec.Metric} is {value} after epoch {epoch}");
            }

            if (await context.ReportAsync(epoch, value))
            {
                return TrialOutcome.Pruned(value, epoch);
            }
        }

        using var stream = new MemoryStream();
        ModelSerializer.Save(model, stream);
        return TrialOutcome.Complete(value, stream.ToArray());
    }
}
