namespace BigDL.Compute.Metrics;

/// <summary>Symmetric mean absolute percentage error in percent: 100/n·Σ 2|F−A|/(|A|+|F|), a term being 0 when both are 0.</summary>
public sealed class Smape : Metric
{
    /// <inheritdoc/>
    public override string Name => "smape";

    /// <inheritdoc/>
    public override bool HigherIsBetter => false;

    /// <inheritdoc/>
    protected override double Compute(ReadOnlySpan<float> predictions, ReadOnlySpan<float> targets, int rows)
    {
        double sum = 0;
        for (var i = 0; i < predictions.Length; i++)
        {
            double f = predictions[i], a = targets[i];
            var denominator = Math.Abs(a) + Math.Abs(f);
            sum += denominator == 0 ? 0 : 2 * Math.Abs(f - a) / denominator;
        }

        return 100 * sum / predictions.Length;
    }
}
