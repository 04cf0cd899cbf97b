namespace BigDL.Compute.Metrics;

/// <summary>Mean absolute error over all elements.</summary>
public sealed class MeanAbsoluteError : Metric
{
    /// <inheritdoc/>
    public override string Name => "mae";

    /// <inheritdoc/>
    public override bool HigherIsBetter => false;

    /// <inheritdoc/>
    protected override double Compute(ReadOnlySpan<float> predictions, ReadOnlySpan<float> targets, int rows)
    {
        double sum = 0;
        for (var i = 0; i < predictions.Length; i++)
        {
            sum += Math.Abs((double)predictions[i] - targets[i]);
        }

        return sum / predictions.Length;
    }
}
