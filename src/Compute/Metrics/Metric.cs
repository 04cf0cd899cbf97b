using BigDL.Compute.Nn;
using BigDL.Compute.Tensors;

namespace BigDL.Compute.Metrics;

/// <summary>An evaluation measure over a whole validation set: predictions and targets in, one number out.</summary>
public abstract class Metric
{
    /// <summary>The name reported per epoch, e.g. <c>accuracy</c> or <c>hr@10</c>.</summary>
    public abstract string Name { get; }

    /// <summary>Whether larger values are better (for early stopping and model selection).</summary>
    public abstract bool HigherIsBetter { get; }

    /// <summary>Computes the metric.</summary>
    public double Compute(Tensor predictions, Tensor targets)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        ArgumentNullException.ThrowIfNull(targets);
        if (predictions.Rank == 0 || predictions.Dim(0) == 0)
        {
            throw new ArgumentException($"metric {Name}: no predictions", nameof(predictions));
        }

        if (targets.Dim(0) != predictions.Dim(0))
        {
            throw new ShapeMismatchException($"metric {Name}: predictions {predictions} and targets {targets} differ in rows");
        }

        return Compute(predictions.Span, targets.Span, predictions.Dim(0));
    }

    /// <summary>The computation proper over flat spans with <paramref name="rows"/> rows.</summary>
    protected abstract double Compute(ReadOnlySpan<float> predictions, ReadOnlySpan<float> targets, int rows);
}
