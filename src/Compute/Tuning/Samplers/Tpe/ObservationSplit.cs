using BigDL.Compute.Tuning.MultiObjective;

namespace BigDL.Compute.Tuning.Samplers.Tpe;

/// <summary>
/// Ranks trials and splits them into TPE's good ("below") and bad ("above") groups, with Optuna's rules: a complete
/// trial outranks any pruned one, pruned trials rank by the last step they reached (later is better) then by value,
/// a NaN intermediate value is worst at its step, and with constant liar a running trial ranks last of all.
/// Multi-objective studies fill the good group front by front of the non-dominated sort (ties inside the last
/// front broken by trial number; Optuna breaks them by hypervolume contribution).
/// </summary>
internal static class ObservationSplit
{
    /// <summary>The trials TPE learns from, in number order, and how many of them are finished (not running).</summary>
    public static (List<FrozenTrial> Trials, int Finished) Observed(StudySnapshot study, bool constantLiar)
    {
        var trials = new List<FrozenTrial>();
        var finished = 0;
        foreach (var t in study.Trials)
        {
            var use = IsFinishedObservation(study, t) || (t.State == TrialState.Running && constantLiar && !study.IsMultiObjective);
            if (use)
            {
                trials.Add(t);
                if (t.State != TrialState.Running)
                {
                    finished++;
                }
            }
        }

        return (trials, finished);
    }

    /// <summary>Whether a finished trial counts towards n (and start-up): complete with values, or pruned in a single-objective study.</summary>
    public static bool IsFinishedObservation(StudySnapshot study, FrozenTrial t) => t.State switch
    {
        TrialState.Complete => !t.Values.IsDefaultOrEmpty,
        TrialState.Pruned => !study.IsMultiObjective,
        _ => false,
    };

    /// <summary>Indices (into <paramref name="trials"/>) of the good and bad groups, each in time order.</summary>
    public static (int[] Below, int[] Above) Split(StudySnapshot study, IReadOnlyList<FrozenTrial> trials, int nBelow)
    {
        nBelow = Math.Min(nBelow, trials.Count);
        int[] order;
        if (study.IsMultiObjective)
        {
            var values = trials.Select(t => t.Values.ToArray()).ToArray();
            var ranks = Pareto.NonDominatedRanks(values, study.Directions);
            order = [.. Enumerable.Range(0, trials.Count).OrderBy(i => ranks[i]).ThenBy(i => i)];
        }
        else
        {
            var sign = study.Direction == StudyDirection.Minimize ? 1.0 : -1.0;
            var keys = trials.Select(t => Score(t, sign)).ToArray();
            // A stable sort on (step, score), as numpy's argsort(kind="stable") on Optuna's structured array.
            order = [.. Enumerable.Range(0, trials.Count).OrderBy(i => keys[i].Step).ThenBy(i => keys[i].Score, Comparer<double>.Create(CompareNaNLast))];
        }

        var below = order.Take(nBelow).Order().ToArray();
        var above = order.Skip(nBelow).Order().ToArray();
        return (below, above);
    }

    /// <summary>Optuna's (step, score) key: complete (-inf, v); pruned (-last step, v or +inf for NaN); pruned without reports (1, 0); running (+inf, +inf).</summary>
    internal static (double Step, double Score) Score(FrozenTrial t, double sign)
    {
        switch (t.State)
        {
            case TrialState.Complete:
                return (double.NegativeInfinity, sign * t.Values[0]);
            case TrialState.Pruned when t.LastStep is { } step:
                var v = t.IntermediateValues[step];
                return (-step, double.IsNaN(v) ? double.PositiveInfinity : sign * v);
            case TrialState.Pruned:
                return (1, 0);
            default:
                return (double.PositiveInfinity, double.PositiveInfinity);
        }
    }

    static int CompareNaNLast(double a, double b) =>
        double.IsNaN(a) ? (double.IsNaN(b) ? 0 : 1) : double.IsNaN(b) ? -1 : a.CompareTo(b);
}
