namespace BigDL.Compute.Losses;

/// <summary>Mean absolute error over all elements (PyTorch <c>l1_loss</c>); the subgradient at 0 is 0.</summary>
public sealed class MaeLoss : Loss
{
    /// <inheritdoc/>
    public override string Kind => "MAE";

    /// <inheritdoc/>
    protected override double Compute(ReadOnlySpan<float> prediction, ReadOnlySpan<float> target, Span<float> gradient, int batch)
    {
        var sum = 0.0;
        var scale = 1f / prediction.Length;
        for (var i = 0; i < prediction.Length; i++)
        {
            var d = prediction[i] - target[i];
            sum += Math.Abs(d);
            gradient[i] = scale * MathF.Sign(d);
        }

        return sum / prediction.Length;
    }
}
