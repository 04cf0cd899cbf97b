using BigDL.Compute.Nn;
using BigDL.Compute.Serialization;

namespace BigDL.Grains;

/// <summary>The values an MLP trial reports after each epoch, one per metric of the study's objectives.</summary>
public sealed partial class MlpClassifierObjective
{
    /// <summary>Measures each epoch's metrics in the study's objective order, and builds the complete outcome.</summary>
    sealed class EpochValues(TrialContext context, Model model)
    {
        readonly IReadOnlyList<string> metrics = context.Metrics;
        double? latency;

        /// <summary>Gets the values of the last measured epoch.</summary>
        public double[] Current { get; } = new double[context.Metrics.Count];

        /// <summary>Fills <see cref="Current"/> for <paramref name="epoch"/>; returns why the trial fails (a metric not finite), or null.</summary>
        public async Task<string?> MeasureAsync(int epoch, double? validationLoss, double? validationAccuracy, CancellationToken cancellationToken)
        {
            for (var i = 0; i < metrics.Count; i++)
            {
                Current[i] = metrics[i] switch
                {
                    "val_loss" => validationLoss ?? double.NaN,
                    "val_accuracy" => validationAccuracy ?? double.NaN,
                    "parameters" => model.Parameters.Count,
                    "latency_ms" => latency ??= await Task.Run(() => LatencyMs(model, context.Spec.Dataset), cancellationToken),
                    var other => throw new InvalidOperationException($"{Type} does not measure '{other}'"),
                };
                if (!double.IsFinite(Current[i]))
                {
                    return $"{metrics[i]} is {Current[i]} after epoch {epoch}";
                }
            }

            return null;
        }

        /// <summary>The complete outcome: the last epoch's values and <paramref name="trained"/> as safetensors.</summary>
        public TrialOutcome Complete(Model trained)
        {
            using var stream = new MemoryStream();
            ModelSerializer.Save(trained, stream);
            return metrics.Count == 1 ? TrialOutcome.Complete(Current[0], stream.ToArray()) : TrialOutcome.Complete(Current, stream.ToArray());
        }
    }
}
