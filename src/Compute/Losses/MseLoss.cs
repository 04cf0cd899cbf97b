namespace BigDL.Compute.Losses;

/// <summary>Mean squared error over all elements (PyTorch <c>mse_loss</c>, reduction mean).</summary>
public sealed class MseLoss : Loss
{
    /// <inheritdoc/>
    public override string Kind => "MSE";

    /// <inheritdoc/>
    protected override double Compute(ReadOnlySpan<float> prediction, ReadOnlySpan<float> target, Span<float> gradient, int batch)
    {
        var sum = 0.0;
        var scale = 2f / prediction.Length;
        for (var i = 0; i < prediction.Length; i++)
        {
            var d = prediction[i] - target[i];
            sum += (double)d * d;
            gradient[i] = scale * d;
        }

        return sum / prediction.Length;
    }
}
