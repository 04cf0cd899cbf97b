namespace BigDL.Compute.Tuning.Importance;

/// <summary>
/// A regression tree grown by least squares (CART) on encoded trials, kept as its leaves: each leaf a box of the
/// feature space (an interval per numeric column, a set of categories per categorical one) and the mean target in it.
/// </summary>
/// <remarks>
/// Numeric columns split at the midpoint between neighbouring values; categorical ones by ordering their categories by
/// mean target and cutting that order (the optimal binary partition for squared error, Breiman et al. 1984). A category
/// with no sample in a node goes to the side with more samples, so the leaves still partition the whole space.
/// </remarks>
internal sealed class RegressionTree
{
    const double MinGain = 1e-12;

    readonly ImportanceFeatures data;
    readonly int maxDepth;
    readonly int minSamplesSplit;
    readonly int minSamplesLeaf;
    readonly List<Leaf> leaves = [];
    readonly SortedSet<double>[] thresholds;
    readonly int[] columnOrder;

    RegressionTree(ImportanceFeatures data, int maxDepth, int minSamplesSplit, int minSamplesLeaf)
    {
        this.data = data;
        this.maxDepth = maxDepth;
        this.minSamplesSplit = minSamplesSplit;
        this.minSamplesLeaf = minSamplesLeaf;
        thresholds = [.. data.Columns.Select(_ => new SortedSet<double>())];

        // Parameters every trial has come first and win ties: a conditional parameter's absent-or-present cut repeats its
        // parent's choice with the same gain, and the effect belongs to the parent.
        columnOrder = [.. Enumerable.Range(0, data.Columns.Length).OrderBy(j => data.Columns[j].AbsentShare > 0).ThenBy(j => j)];
    }

    /// <summary>The leaves, which partition the feature space.</summary>
    public IReadOnlyList<Leaf> Leaves => leaves;

    /// <summary>The numeric split points used on each column (empty for categorical columns).</summary>
    public IReadOnlyList<SortedSet<double>> Thresholds => thresholds;

    /// <summary>Grows a tree on the rows listed in <paramref name="sample"/> (repeats allowed, as in a bootstrap sample).</summary>
    public static RegressionTree Grow(ImportanceFeatures data, int[] sample, int maxDepth = 64, int minSamplesSplit = 2, int minSamplesLeaf = 1)
    {
        var tree = new RegressionTree(data, maxDepth, minSamplesSplit, minSamplesLeaf);
        var columns = data.Columns;
        var lo = columns.Select(_ => double.NegativeInfinity).ToArray();
        var hi = columns.Select(_ => double.PositiveInfinity).ToArray();
        var masks = columns.Select(c => c.IsCategorical ? Enumerable.Repeat(true, c.Slots).ToArray() : null).ToArray();
        tree.Build(sample, 0, lo, hi, masks);
        return tree;
    }

    void Build(int[] rows, int depth, double[] lo, double[] hi, bool[]?[] masks)
    {
        var split = depth < maxDepth && rows.Length >= minSamplesSplit ? BestSplit(rows, masks) : null;
        if (split is null)
        {
            leaves.Add(new Leaf(rows.Average(r => data.Targets[r]), lo, hi, masks));
            return;
        }

        var j = split.Column;
        var left = rows.Where(r => split.GoesLeft(data.Rows[r][j])).ToArray();
        var right = rows.Where(r => !split.GoesLeft(data.Rows[r][j])).ToArray();
        if (split.LeftCategories is { } categories)
        {
            var maskLeft = (bool[]?[])masks.Clone();
            var maskRight = (bool[]?[])masks.Clone();
            maskLeft[j] = [.. masks[j]!.Select((allowed, k) => allowed && categories[k])];
            maskRight[j] = [.. masks[j]!.Select((allowed, k) => allowed && !categories[k])];
            Build(left, depth + 1, lo, hi, maskLeft);
            Build(right, depth + 1, lo, hi, maskRight);
        }
        else
        {
            thresholds[j].Add(split.Threshold);
            var hiLeft = (double[])hi.Clone();
            var loRight = (double[])lo.Clone();
            hiLeft[j] = split.Threshold;
            loRight[j] = split.Threshold;
            Build(left, depth + 1, lo, hiLeft, masks);
            Build(right, depth + 1, loRight, hi, masks);
        }
    }

    Split? BestSplit(int[] rows, bool[]?[] masks)
    {
        var y = data.Targets;
        var n = rows.Length;
        var total = rows.Sum(r => y[r]);
        var baseline = total * total / n;
        Split? best = null;
        var bestGain = MinGain * Math.Max(1, rows.Sum(r => y[r] * y[r]));
        foreach (var j in columnOrder)
        {
            var candidate = data.Columns[j].IsCategorical ? CategoricalSplit(rows, j, masks[j]!, baseline, total) : NumericSplit(rows, j, baseline, total);
            if (candidate is { } c && c.Gain > bestGain)
            {
                best = c;
                bestGain = c.Gain;
            }
        }

        return best;
    }

    Split? NumericSplit(int[] rows, int j, double baseline, double total)
    {
        var x = data.Rows;
        var y = data.Targets;
        var ordered = rows.OrderBy(r => x[r][j]).ThenBy(r => r).ToArray();
        Split? best = null;
        double sumLeft = 0;
        for (var k = 0; k < ordered.Length - 1; k++)
        {
            sumLeft += y[ordered[k]];
            var (a, b) = (x[ordered[k]][j], x[ordered[k + 1]][j]);
            var nLeft = k + 1;
            var nRight = ordered.Length - nLeft;
            if (a == b || nLeft < minSamplesLeaf || nRight < minSamplesLeaf)
            {
                continue;
            }

            var sumRight = total - sumLeft;
            var gain = (sumLeft * sumLeft / nLeft) + (sumRight * sumRight / nRight) - baseline;
            if (best is null || gain > best.Gain)
            {
                best = new Split(j, gain, (a + b) / 2, null);
            }
        }

        return best;
    }

    Split? CategoricalSplit(int[] rows, int j, bool[] mask, double baseline, double total)
    {
        var x = data.Rows;
        var y = data.Targets;
        var groups = rows.GroupBy(r => (int)x[r][j])
            .Select(g => (Category: g.Key, Count: g.Count(), Sum: g.Sum(r => y[r])))
            .OrderBy(g => g.Sum / g.Count).ThenBy(g => g.Category).ToArray();
        Split? best = null;
        double sumLeft = 0;
        var nLeft = 0;
        for (var k = 0; k < groups.Length - 1; k++)
        {
            sumLeft += groups[k].Sum;
            nLeft += groups[k].Count;
            var nRight = rows.Length - nLeft;
            if (nLeft < minSamplesLeaf || nRight < minSamplesLeaf)
            {
                continue;
            }

            var sumRight = total - sumLeft;
            var gain = (sumLeft * sumLeft / nLeft) + (sumRight * sumRight / nRight) - baseline;
            if (best is null || gain > best.Gain)
            {
                var left = new bool[mask.Length];
                foreach (var g in groups.Take(k + 1))
                {
                    left[g.Category] = true;
                }

                // Categories no sample of this node has follow the larger side (ties: left).
                var seen = groups.Select(g => g.Category).ToHashSet();
                for (var c = 0; c < mask.Length; c++)
                {
                    left[c] |= mask[c] && !seen.Contains(c) && nLeft >= nRight;
                }

                best = new Split(j, gain, 0, left);
            }
        }

        return best;
    }

    /// <summary>One leaf: the mean target of its samples and its box (interval (lo, hi] per numeric column, allowed slots per categorical one).</summary>
    internal sealed record Leaf(double Value, double[] Lo, double[] Hi, bool[]?[] Masks);

    sealed record Split(int Column, double Gain, double Threshold, bool[]? LeftCategories)
    {
        public bool GoesLeft(double value) => LeftCategories is { } left ? left[(int)value] : value <= Threshold;
    }
}
