namespace BigDL.Compute.Metrics;

/// <summary>
/// Leave-one-out ranking (the NCF protocol): rows come in consecutive groups of <c>groupSize</c> (one user's candidates),
/// the row whose target is 1 is the held-out positive, and its rank is the number of candidates scored strictly higher.
/// </summary>
public abstract class RankingMetric : Metric
{
    /// <summary>Creates the metric for groups of <paramref name="groupSize"/> candidates, cut-off <paramref name="k"/>.</summary>
    protected RankingMetric(int k, int groupSize)
    {
        K = k > 0 ? k : throw new ArgumentOutOfRangeException(nameof(k), k, "k must be positive");
        GroupSize = groupSize > 1 ? groupSize : throw new ArgumentOutOfRangeException(nameof(groupSize), groupSize, "a group needs at least two candidates");
    }

    /// <summary>The cut-off.</summary>
    public int K { get; }

    /// <summary>Candidates per group.</summary>
    public int GroupSize { get; }

    /// <inheritdoc/>
    public override bool HigherIsBetter => true;

    /// <summary>The score of one group given the positive's 0-based rank.</summary>
    protected abstract double Score(int rank);

    /// <inheritdoc/>
    protected override double Compute(ReadOnlySpan<float> predictions, ReadOnlySpan<float> targets, int rows)
    {
        if (rows % GroupSize != 0)
        {
            throw new ArgumentException($"metric {Name}: {rows} rows are not whole groups of {GroupSize}");
        }

        double sum = 0;
        var groups = rows / GroupSize;
        for (var g = 0; g < groups; g++)
        {
            var scores = predictions.Slice(g * GroupSize, GroupSize);
            var labels = targets.Slice(g * GroupSize, GroupSize);
            var positive = labels.IndexOf(1f);
            if (positive < 0)
            {
                throw new ArgumentException($"metric {Name}: group {g} has no positive (target 1)");
            }

            var rank = 0;
            foreach (var s in scores)
            {
                if (s > scores[positive])
                {
                    rank++;
                }
            }

            sum += Score(rank);
        }

        return sum / groups;
    }
}

/// <summary>Hit rate at K: the fraction of groups whose positive ranks in the top K.</summary>
public sealed class HitRate(int k, int groupSize) : RankingMetric(k, groupSize)
{
    /// <inheritdoc/>
    public override string Name => $"hr@{K}";

    /// <inheritdoc/>
    protected override double Score(int rank) => rank < K ? 1 : 0;
}

/// <summary>Normalised discounted cumulative gain at K with one relevant item: 1/log2(rank+2) inside the top K.</summary>
public sealed class Ndcg(int k, int groupSize) : RankingMetric(k, groupSize)
{
    /// <inheritdoc/>
    public override string Name => $"ndcg@{K}";

    /// <inheritdoc/>
    protected override double Score(int rank) => rank < K ? 1 / Math.Log2(rank + 2) : 0;
}
