using BigDL.Compute.Nn;
using BigDL.Compute.Tensors;

namespace BigDL.Compute.Losses;

/// <summary>A scalar loss averaged over a batch; <see cref="Forward"/> also computes dLoss/dPrediction into <see cref="Gradient"/>.</summary>
public abstract class Loss
{
    Tensor? _gradient;

    /// <summary>The name used in descriptions and logs.</summary>
    public abstract string Kind { get; }

    /// <summary>dLoss/dPrediction from the last <see cref="Forward"/>; belongs to the loss until its next call.</summary>
    public Tensor Gradient => _gradient ?? throw new InvalidOperationException($"{Kind}: Gradient read before Forward");

    /// <summary>Returns the mean loss over the batch and stores its gradient with respect to <paramref name="prediction"/>.</summary>
    public float Forward(Tensor prediction, Tensor target)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        ArgumentNullException.ThrowIfNull(target);
        if (prediction.Rank == 0 || prediction.Dim(0) == 0)
        {
            throw new ArgumentException($"{Kind}: empty batch (prediction {prediction})", nameof(prediction));
        }

        CheckTarget(prediction, target);
        Tensor.Ensure(ref _gradient, prediction.Shape);
        return (float)Compute(prediction.Span, target.Span, _gradient.Span, prediction.Dim(0));
    }

    /// <summary>Throws unless the target fits the prediction (default: same element count).</summary>
    protected virtual void CheckTarget(Tensor prediction, Tensor target)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        ArgumentNullException.ThrowIfNull(target);
        if (target.Length != prediction.Length || target.Dim(0) != prediction.Dim(0))
        {
            throw new ShapeMismatchException($"{Kind}: target {target} does not match prediction {prediction}");
        }
    }

    /// <summary>Computes the mean loss (in double) and writes the gradient.</summary>
    protected abstract double Compute(ReadOnlySpan<float> prediction, ReadOnlySpan<float> target, Span<float> gradient, int batch);
}
