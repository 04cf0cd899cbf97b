namespace BigDL.Compute.Tuning.Pruners;

/// <summary>
/// Stops a trial whose best intermediate value so far is worse than the given percentile of complete trials' values at
/// the same step (Optuna's rules: start-up trials, warm-up steps, an interval between checks, a minimum of peers).
/// </summary>
public class PercentilePruner : IPruner
{
    /// <summary>Creates the pruner; <paramref name="percentile"/> lies in [0, 100].</summary>
    public PercentilePruner(double percentile, int nStartupTrials = 5, int nWarmupSteps = 0, int intervalSteps = 1, int nMinTrials = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(percentile, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percentile, 100);
        ArgumentOutOfRangeException.ThrowIfNegative(nStartupTrials);
        ArgumentOutOfRangeException.ThrowIfNegative(nWarmupSteps);
        ArgumentOutOfRangeException.ThrowIfLessThan(intervalSteps, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(nMinTrials, 1);
        Percentile = percentile;
        NStartupTrials = nStartupTrials;
        NWarmupSteps = nWarmupSteps;
        IntervalSteps = intervalSteps;
        NMinTrials = nMinTrials;
    }

    /// <summary>The percentile of peers' values a trial must beat (50 = median).</summary>
    public double Percentile { get; }

    /// <summary>Complete trials needed before any pruning.</summary>
    public int NStartupTrials { get; }

    /// <summary>Steps a trial runs before it may be pruned.</summary>
    public int NWarmupSteps { get; }

    /// <summary>Steps between pruning checks, counted from the warm-up's end.</summary>
    public int IntervalSteps { get; }

    /// <summary>Complete trials that must have reported at the step for a comparison to count.</summary>
    public int NMinTrials { get; }

    /// <inheritdoc/>
    public bool Prune(StudySnapshot study, FrozenTrial trial)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(trial);
        var complete = study.Trials.Where(t => t.State == TrialState.Complete).ToList();
        if (complete.Count == 0 || complete.Count < NStartupTrials || trial.LastStep is not { } step || step < NWarmupSteps)
        {
            return false;
        }

        // Only the first report at or after each interval boundary is checked.
        var boundary = ((step - NWarmupSteps) / IntervalSteps * IntervalSteps) + NWarmupSteps;
        var previous = trial.IntermediateValues.Keys.Where(s => s < step).DefaultIfEmpty(-1).Max();
        if (previous >= boundary)
        {
            return false;
        }

        var maximize = study.Direction == StudyDirection.Maximize;
        var values = trial.IntermediateValues.Values.Where(v => !double.IsNaN(v)).ToList();
        if (values.Count == 0)
        {
            return true;
        }

        var best = maximize ? values.Max() : values.Min();
        // As Optuna: NaN reports count toward n_min_trials but not into the percentile (numpy.nanpercentile).
        var reported = complete.Where(t => t.IntermediateValues.ContainsKey(step)).Select(t => t.IntermediateValues[step]).ToList();
        var peers = reported.Where(v => !double.IsNaN(v)).Order().ToList();
        if (reported.Count < NMinTrials || peers.Count == 0)
        {
            return false;
        }

        var p = Quantile(peers, (maximize ? 100 - Percentile : Percentile) / 100);
        return maximize ? best < p : best > p;
    }

    /// <summary>numpy's default (linear) percentile of sorted values.</summary>
    internal static double Quantile(IReadOnlyList<double> sorted, double q)
    {
        var h = (sorted.Count - 1) * q;
        var lo = (int)Math.Floor(h);
        var hi = Math.Min(lo + 1, sorted.Count - 1);
        return sorted[lo] + ((h - lo) * (sorted[hi] - sorted[lo]));
    }
}

/// <summary>Stops a trial whose best intermediate value is worse than the median of complete trials at the same step: a <see cref="PercentilePruner"/> at 50.</summary>
public sealed class MedianPruner(int nStartupTrials = 5, int nWarmupSteps = 0, int intervalSteps = 1, int nMinTrials = 1)
    : PercentilePruner(50, nStartupTrials, nWarmupSteps, intervalSteps, nMinTrials);
