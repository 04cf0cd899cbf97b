namespace BigDL.Compute.Losses;

/// <summary>Binary cross-entropy on logits, targets in [0, 1] (PyTorch <c>binary_cross_entropy_with_logits</c>), numerically stable.</summary>
public sealed class BceWithLogitsLoss : Loss
{
    /// <inheritdoc/>
    public override string Kind => "BCEWithLogits";

    /// <inheritdoc/>
    protected override double Compute(ReadOnlySpan<float> prediction, ReadOnlySpan<float> target, Span<float> gradient, int batch)
    {
        var sum = 0.0;
        var scale = 1f / prediction.Length;
        for (var i = 0; i < prediction.Length; i++)
        {
            var x = prediction[i];
            var y = target[i];

            // max(x, 0) − x·y + log(1 + e^−|x|) avoids overflow for large |x|.
            sum += MathF.Max(x, 0) - x * y + MathF.Log(1 + MathF.Exp(-MathF.Abs(x)));
            gradient[i] = scale * (1 / (1 + MathF.Exp(-x)) - y);
        }

        return sum / prediction.Length;
    }
}
