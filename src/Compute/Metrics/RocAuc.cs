namespace BigDL.Compute.Metrics;

/// <summary>Area under the ROC curve for binary targets, as the Mann-Whitney rank statistic with tied scores sharing their mean rank.</summary>
public sealed class RocAuc : Metric
{
    /// <inheritdoc/>
    public override string Name => "auc";

    /// <inheritdoc/>
    public override bool HigherIsBetter => true;

    /// <inheritdoc/>
    protected override double Compute(ReadOnlySpan<float> predictions, ReadOnlySpan<float> targets, int rows)
    {
        var order = new int[rows];
        var scores = predictions[..rows].ToArray();
        for (var i = 0; i < rows; i++)
        {
            order[i] = i;
        }

        Array.Sort(scores, order);
        double positiveRankSum = 0;
        long positives = 0;
        for (var i = 0; i < rows;)
        {
            var j = i;
            while (j + 1 < rows && scores[j + 1] == scores[i])
            {
                j++;
            }

            var meanRank = (i + j) / 2.0 + 1;
            for (var k = i; k <= j; k++)
            {
                if (targets[order[k]] > 0.5f)
                {
                    positiveRankSum += meanRank;
                    positives++;
                }
            }

            i = j + 1;
        }

        var negatives = rows - positives;
        if (positives == 0 || negatives == 0)
        {
            return double.NaN; // undefined with a single class
        }

        return (positiveRankSum - positives * (positives + 1) / 2.0) / ((double)positives * negatives);
    }
}
