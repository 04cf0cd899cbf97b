using BigDL.Compute.Tuning.Distributions;
using BigDL.Compute.Tuning.Samplers;

namespace BigDL.Compute.Tuning.Importance;

/// <summary>
/// The complete trials of a study as a feature matrix for importance forests: one column per parameter, each with the
/// probability measure its marginal is taken under.
/// </summary>
/// <remarks>
/// A numeric parameter is encoded at its position in [0, 1] in its sampling scale (log ranges in log space, int ranges
/// widened by half a step), so importance does not depend on whether a range is log-scaled. A categorical parameter is
/// its choice index. A conditional parameter (absent from some trials) gets an extra "absent" value: -1 for a numeric
/// column, one more category for a categorical one, weighted by the share of trials that lack it, so the parent's choice
/// and the child's value are rated on the trials as they ran.
/// </remarks>
internal sealed class ImportanceFeatures
{
    /// <summary>The encoded value of a numeric parameter in a trial that lacks it.</summary>
    public const double Absent = -1;

    ImportanceFeatures(string[] names, FeatureColumn[] columns, double[][] rows, double[] targets)
    {
        Names = names;
        Columns = columns;
        Rows = rows;
        Targets = targets;
    }

    /// <summary>The parameter of each column.</summary>
    public string[] Names { get; }

    /// <summary>How each column is encoded and measured.</summary>
    public FeatureColumn[] Columns { get; }

    /// <summary>One encoded row per trial.</summary>
    public double[][] Rows { get; }

    /// <summary>The value each row explains.</summary>
    public double[] Targets { get; }

    /// <summary>Encodes the trials; parameters with a single value (nothing sampled) are left out.</summary>
    public static ImportanceFeatures Create(IReadOnlyList<FrozenTrial> trials, IReadOnlyList<double> targets)
    {
        // The newest trial's distribution wins when a parameter's range changed during the study (e.g. a warm start).
        var latest = new SortedDictionary<string, Distribution>(StringComparer.Ordinal);
        foreach (var t in trials)
        {
            foreach (var (name, d) in t.Distributions)
            {
                latest[name] = d;
            }
        }

        var names = latest.Where(kv => !kv.Value.IsSingle).Select(kv => kv.Key).ToArray();
        var columns = new FeatureColumn[names.Length];
        var rows = trials.Select(_ => new double[names.Length]).ToArray();
        for (var j = 0; j < names.Length; j++)
        {
            var d = latest[names[j]];
            var absent = trials.Count(t => !t.InternalParams.ContainsKey(names[j])) / (double)trials.Count;
            var categories = d is CategoricalDistribution c ? c.Choices.Length : 0;
            columns[j] = new FeatureColumn(categories, absent);
            for (var i = 0; i < trials.Count; i++)
            {
                rows[i][j] = !trials[i].InternalParams.TryGetValue(names[j], out var v) ? (categories > 0 ? categories : Absent)
                    : categories > 0 ? Math.Clamp(v, 0, categories - 1)
                    : Math.Clamp(SearchSpaces.ToUnit(d, v), 0, 1);
            }
        }

        return new ImportanceFeatures(names, columns, rows, [.. targets]);
    }
}

/// <summary>
/// How one column is measured: numeric (uniform on [0, 1]) or categorical (uniform over its choices), each with an
/// atom of weight <see cref="AbsentShare"/> for trials that lack the parameter.
/// </summary>
/// <param name="Categories">The number of choices of a categorical column (its absent value is this index), or 0 for a numeric one.</param>
/// <param name="AbsentShare">The share of trials that lack the parameter.</param>
internal sealed record FeatureColumn(int Categories, double AbsentShare)
{
    /// <summary>Whether the column is categorical.</summary>
    public bool IsCategorical => Categories > 0;

    /// <summary>The category slots of a categorical column, the absent one included.</summary>
    public int Slots => Categories + 1;

    /// <summary>The measure of a numeric interval (lo, hi].</summary>
    public double Measure(double lo, double hi)
    {
        var uniform = Math.Max(0, Math.Min(hi, 1) - Math.Max(lo, 0));
        var atom = lo < ImportanceFeatures.Absent && ImportanceFeatures.Absent <= hi ? AbsentShare : 0;
        return ((1 - AbsentShare) * uniform) + atom;
    }

    /// <summary>The measure of one category slot (the last slot is "absent").</summary>
    public double Measure(int slot) => slot == Categories ? AbsentShare : (1 - AbsentShare) / Categories;
}
