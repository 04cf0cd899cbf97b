namespace BigDL.Compute.Metrics;

/// <summary>Root mean squared error over all elements.</summary>
public sealed class Rmse : Metric
{
    /// <inheritdoc/>
    public override string Name => "rmse";

    /// <inheritdoc/>
    public override bool HigherIsBetter => false;

    /// <inheritdoc/>
    protected override double Compute(ReadOnlySpan<float> predictions, ReadOnlySpan<float> targets, int rows)
    {
        double sum = 0;
        for (var i = 0; i < predictions.Length; i++)
        {
            var d = (double)predictions[i] - targets[i];
            sum += d * d;
        }

        return Math.Sqrt(sum / predictions.Length);
    }
}
