using BigDL.Compute.Tuning.Samplers;

namespace BigDL.Compute.Tuning.Importance;

/// <summary>
/// fANOVA (Hutter, Hoos and Leyton-Brown 2014, http://proceedings.mlr.press/v32/hutter14.html), as Optuna's
/// FanovaImportanceEvaluator: a random forest of regression trees fitted to the complete trials, and for each parameter
/// the variance of the forest's marginal prediction over that parameter as a share of the prediction's total variance,
/// averaged over the trees and normalized to sum to 1. Seeded and deterministic.
/// </summary>
/// <remarks>
/// Each tree's leaves partition the space into boxes, so its marginal over parameter j (the prediction averaged over
/// every other parameter) is a step function on the cells cut by the tree's own splits on j, computed exactly from
/// the leaf boxes. Categorical, log-scale and conditional parameters are encoded as <see cref="ImportanceFeatures"/>
/// describes. Unlike Optuna, which keeps only the parameters every trial has, conditional parameters are rated too.
/// </remarks>
public sealed class FanovaImportanceEvaluator : IImportanceEvaluator
{
    /// <summary>Creates the evaluator with Optuna's defaults: 64 trees of depth at most 64.</summary>
    public FanovaImportanceEvaluator(int trees = 64, int maxDepth = 64, long seed = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(trees, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDepth, 1);
        Trees = trees;
        MaxDepth = maxDepth;
        Seed = seed;
    }

    /// <summary>The trees in the forest.</summary>
    public int Trees { get; }

    /// <summary>The deepest a tree grows.</summary>
    public int MaxDepth { get; }

    /// <summary>The seed of the bootstrap samples.</summary>
    public long Seed { get; }

    /// <inheritdoc/>
    public IReadOnlyList<ParamImportance> Evaluate(StudySnapshot study, Func<FrozenTrial, double>? target = null)
    {
        ArgumentNullException.ThrowIfNull(study);
        target ??= t => t.Values.IsDefaultOrEmpty ? double.NaN : t.Values[0];
        var complete = study.Trials.Where(t => t.State == TrialState.Complete && double.IsFinite(target(t))).ToList();
        if (complete.Count < 2)
        {
            return [];
        }

        var data = ImportanceFeatures.Create(complete, [.. complete.Select(target)]);
        var shares = new double[data.Names.Length];
        var counted = 0;
        for (var t = 0; t < Trees; t++)
        {
            var rng = new TuningRandom(Seed, t, "fanova-bootstrap");
            var sample = complete.Select(_ => rng.NextInt(complete.Count)).ToArray();
            var tree = RegressionTree.Grow(data, sample, MaxDepth);
            if (MarginalShares(data, tree) is { } treeShares)
            {
                counted++;
                for (var j = 0; j < shares.Length; j++)
                {
                    shares[j] += treeShares[j];
                }
            }
        }

        var sum = shares.Sum();
        return [.. data.Names.Select((name, j) => new ParamImportance(name, sum > 0 ? shares[j] / sum : 0))
            .OrderByDescending(p => p.Importance).ThenBy(p => p.Name, StringComparer.Ordinal)];
    }

    /// <summary>Each column's marginal variance over the tree's total variance, or null for a tree that predicts a constant.</summary>
    static double[]? MarginalShares(ImportanceFeatures data, RegressionTree tree)
    {
        var columns = data.Columns;
        var leaves = tree.Leaves;
        var volumes = leaves.Select(l => Volume(columns, l, skip: -1)).ToArray();
        var mean = leaves.Select((l, i) => l.Value * volumes[i]).Sum();
        var variance = leaves.Select((l, i) => volumes[i] * (l.Value - mean) * (l.Value - mean)).Sum();
        if (!(variance > 1e-300))
        {
            return null;
        }

        var shares = new double[columns.Length];
        for (var j = 0; j < columns.Length; j++)
        {
            shares[j] = MarginalVariance(columns, j, leaves, tree.Thresholds[j], mean) / variance;
        }

        return shares;
    }

    /// <summary>The variance of the tree's prediction averaged over every column but <paramref name="j"/>.</summary>
    static double MarginalVariance(FeatureColumn[] columns, int j, IReadOnlyList<RegressionTree.Leaf> leaves, SortedSet<double> thresholds, double mean)
    {
        var column = columns[j];
        double[] cellMeasure;
        double[] marginal;
        if (column.IsCategorical)
        {
            cellMeasure = [.. Enumerable.Range(0, column.Slots).Select(s => column.Measure(s))];
            marginal = new double[column.Slots];
            foreach (var leaf in leaves)
            {
                // A leaf adds its value, weighted by its box's measure in every other column, to each cell it covers.
                var contribution = leaf.Value * Volume(columns, leaf, skip: j);
                for (var s = 0; s < column.Slots; s++)
                {
                    marginal[s] += leaf.Masks[j]![s] ? contribution : 0;
                }
            }
        }
        else
        {
            var cuts = thresholds.ToArray();
            cellMeasure = [.. Enumerable.Range(0, cuts.Length + 1).Select(c => column.Measure(c == 0 ? double.NegativeInfinity : cuts[c - 1], c == cuts.Length ? double.PositiveInfinity : cuts[c]))];
            marginal = new double[cuts.Length + 1];
            var delta = new double[cuts.Length + 2];
            foreach (var leaf in leaves)
            {
                // A leaf's interval on this column is a run of cells: its bounds are cuts of the same tree.
                var first = double.IsNegativeInfinity(leaf.Lo[j]) ? 0 : Array.BinarySearch(cuts, leaf.Lo[j]) + 1;
                var last = double.IsPositiveInfinity(leaf.Hi[j]) ? cuts.Length : Array.BinarySearch(cuts, leaf.Hi[j]);
                var contribution = leaf.Value * Volume(columns, leaf, skip: j);
                delta[first] += contribution;
                delta[last + 1] -= contribution;
            }

            double running = 0;
            for (var c = 0; c < marginal.Length; c++)
            {
                running += delta[c];
                marginal[c] = running;
            }
        }

        double v = 0;
        for (var c = 0; c < marginal.Length; c++)
        {
            v += cellMeasure[c] > 0 ? cellMeasure[c] * (marginal[c] - mean) * (marginal[c] - mean) : 0;
        }

        return v;
    }

    /// <summary>The measure of a leaf's box, leaving out column <paramref name="skip"/> (-1 for none).</summary>
    static double Volume(FeatureColumn[] columns, RegressionTree.Leaf leaf, int skip)
    {
        var volume = 1.0;
        for (var k = 0; k < columns.Length; k++)
        {
            if (k == skip)
            {
                continue;
            }

            volume *= columns[k].IsCategorical
                ? Enumerable.Range(0, columns[k].Slots).Where(s => leaf.Masks[k]![s]).Sum(s => columns[k].Measure(s))
                : columns[k].Measure(leaf.Lo[k], leaf.Hi[k]);
        }

        return volume;
    }
}
