using System.Collections.Immutable;
using BigDL.Orleans.Compute.Tuning;
using BigDL.Orleans.Compute.Tuning.Distributions;

namespace BigDL.Orleans.Grains;

/// <summary>
/// Parameter importance as each parameter's correlation ratio (η², the share of the objective's variance explained by the
/// parameter's bins: its choices, or rank quantiles of numeric values), normalized to sum to 1.
/// </summary>
/// <remarks>
/// This is a marginal main-effect measure, not fANOVA (no random forest, no interactions) nor PED-ANOVA (no top-quantile
/// densities). It is cheap and deterministic; with few trials η² overstates parameters that have many bins, which is why
/// numeric parameters get at most four.
/// </remarks>
internal static class ParameterImportanceEstimator
{
    const int MaxBins = 4;

    public static ImmutableArray<ParameterImportance> Evaluate(StudySnapshot study)
    {
        var complete = study.Trials.Where(t => t.State == TrialState.Complete && t.Value is { } v && double.IsFinite(v)).ToList();
        if (complete.Count < 2)
        {
            return [];
        }

        var y = complete.Select(t => t.Value!.Value).ToArray();
        var mean = y.Average();
        var total = y.Sum(v => (v - mean) * (v - mean));
        var names = complete.SelectMany(t => t.Distributions.Where(kv => !kv.Value.IsSingle).Select(kv => kv.Key)).Distinct().Order(StringComparer.Ordinal).ToList();
        var raw = names.Select(name => (name, eta: total > 0 ? Between(complete, y, mean, name) / total : 0)).ToList();
        var sum = raw.Sum(r => r.eta);
        return [.. raw.Select(r => new ParameterImportance(r.name, sum > 0 ? r.eta / sum : 0)).OrderByDescending(p => p.Importance).ThenBy(p => p.Name, StringComparer.Ordinal)];
    }

    /// <summary>The between-bin sum of squares of the objective for one parameter (trials without it form their own bin).</summary>
    static double Between(List<FrozenTrial> trials, double[] y, double mean, string name)
    {
        var bins = new int[trials.Count];
        var present = Enumerable.Range(0, trials.Count).Where(i => trials[i].InternalParams.ContainsKey(name)).ToList();
        var categorical = present.Count > 0 && trials[present[0]].Distributions[name] is CategoricalDistribution;
        Array.Fill(bins, -1);
        if (categorical)
        {
            foreach (var i in present)
            {
                bins[i] = (int)trials[i].InternalParams[name];
            }
        }
        else
        {
            // Rank quantiles: invariant to log scaling and robust to outliers.
            var ordered = present.OrderBy(i => trials[i].InternalParams[name]).ToList();
            var count = Math.Clamp(ordered.Count / 3, 1, MaxBins);
            for (var r = 0; r < ordered.Count; r++)
            {
                bins[ordered[r]] = r * count / ordered.Count;
            }
        }

        return bins.Select((bin, i) => (bin, i)).GroupBy(x => x.bin)
            .Sum(g => g.Count() * Math.Pow(g.Average(x => y[x.i]) - mean, 2));
    }
}
