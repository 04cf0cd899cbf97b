namespace BigDL.Compute.Losses;

/// <summary>Huber loss with threshold delta (PyTorch <c>huber_loss</c>): quadratic within delta, linear outside.</summary>
public sealed class HuberLoss(float delta = 1) : Loss
{
    /// <summary>The threshold between the quadratic and linear parts.</summary>
    public float Delta { get; } = delta > 0 ? delta : throw new ArgumentOutOfRangeException(nameof(delta), delta, "delta must be positive");

    /// <inheritdoc/>
    public override string Kind => "Huber";

    /// <inheritdoc/>
    protected override double Compute(ReadOnlySpan<float> prediction, ReadOnlySpan<float> target, Span<float> gradient, int batch)
    {
        var sum = 0.0;
        var scale = 1f / prediction.Length;
        for (var i = 0; i < prediction.Length; i++)
        {
            var d = prediction[i] - target[i];
            var a = Math.Abs(d);
            if (a <= Delta)
            {
                sum += 0.5 * d * d;
                gradient[i] = scale * d;
            }
            else
            {
                sum += Delta * (a - 0.5 * Delta);
                gradient[i] = scale * Delta * MathF.Sign(d);
            }
        }

        return sum / prediction.Length;
    }
}
