namespace BigDL.Compute.Metrics;

/// <summary>
/// Fraction of rows predicted right: argmax against a class index for [rows, classes] predictions; for one column,
/// prediction &gt; threshold against a 0/1 target (threshold 0.5 for probabilities, 0 for logits).
/// </summary>
public sealed class Accuracy(float threshold = 0.5f) : Metric
{
    /// <inheritdoc/>
    public override string Name => "accuracy";

    /// <inheritdoc/>
    public override bool HigherIsBetter => true;

    /// <inheritdoc/>
    protected override double Compute(ReadOnlySpan<float> predictions, ReadOnlySpan<float> targets, int rows)
    {
        var classes = predictions.Length / rows;
        var right = 0;
        for (var r = 0; r < rows; r++)
        {
            int predicted;
            if (classes == 1)
            {
                predicted = predictions[r] > threshold ? 1 : 0;
            }
            else
            {
                var row = predictions.Slice(r * classes, classes);
                predicted = 0;
                for (var c = 1; c < classes; c++)
                {
                    if (row[c] > row[predicted])
                    {
                        predicted = c;
                    }
                }
            }

            if (predicted == (int)MathF.Round(targets[r]))
            {
                right++;
            }
        }

        return (double)right / rows;
    }
}
