using BigDL.Compute.Nn;
using BigDL.Compute.Tensors;

namespace BigDL.Compute.Losses;

/// <summary>Softmax cross-entropy on logits [batch, classes] with class-index targets [batch] or [batch, 1] (PyTorch <c>cross_entropy</c>).</summary>
public sealed class SoftmaxCrossEntropyLoss : Loss
{
    /// <inheritdoc/>
    public override string Kind => "SoftmaxCrossEntropy";

    /// <inheritdoc/>
    protected override void CheckTarget(Tensor prediction, Tensor target)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        ArgumentNullException.ThrowIfNull(target);
        if (prediction.Rank != 2 || target.Length != prediction.Dim(0) || target.Dim(0) != prediction.Dim(0))
        {
            throw new ShapeMismatchException($"{Kind}: expects logits [batch, classes] and targets [batch]; got {prediction} and {target}");
        }
    }

    /// <inheritdoc/>
    protected override double Compute(ReadOnlySpan<float> prediction, ReadOnlySpan<float> target, Span<float> gradient, int batch)
    {
        var classes = prediction.Length / batch;
        var sum = 0.0;
        var scale = 1f / batch;
        for (var r = 0; r < batch; r++)
        {
            var logits = prediction.Slice(r * classes, classes);
            var g = gradient.Slice(r * classes, classes);
            var label = (int)target[r];
            if (label != target[r] || (uint)label >= (uint)classes)
            {
                throw new ArgumentOutOfRangeException(nameof(target), target[r], $"{Kind}: target of row {r} must be a class index in [0, {classes})");
            }

            // log-sum-exp with the max subtracted, so large logits do not overflow.
            var max = float.NegativeInfinity;
            foreach (var v in logits)
            {
                max = MathF.Max(max, v);
            }

            var z = 0f;
            for (var c = 0; c < classes; c++)
            {
                g[c] = MathF.Exp(logits[c] - max);
                z += g[c];
            }

            sum += Math.Log(z) + max - logits[label];
            var inv = scale / z;
            for (var c = 0; c < classes; c++)
            {
                g[c] *= inv;
            }

            g[label] -= scale;
        }

        return sum / batch;
    }
}
