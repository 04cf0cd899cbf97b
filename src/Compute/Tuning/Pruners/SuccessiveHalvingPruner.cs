namespace BigDL.Compute.Tuning.Pruners;

/// <summary>
/// Asynchronous successive halving (ASHA; Li et al. 2018, https://arxiv.org/abs/1810.05934): rung r sits at step
/// min_resource * reduction_factor^(min_early_stopping_rate + r); a trial reaching a rung continues only if its value
/// there is in the top 1/reduction_factor of all values recorded at that rung so far (or it is among the first few).
/// </summary>
/// <remarks>
/// Optuna records each rung's value in trial attributes; here a trial's value at rung r is read from its intermediate
/// values (the first report at or after the rung's step), which is the same value when the pruner is consulted after
/// every report, and needs no state beyond the history.
/// </remarks>
public sealed class SuccessiveHalvingPruner : IPruner
{
    /// <summary>Creates the pruner; a null <paramref name="minResource"/> means 'auto' (1% of the longest complete trial, at least 1).</summary>
    public SuccessiveHalvingPruner(int? minResource = null, int reductionFactor = 4, int minEarlyStoppingRate = 0, int bootstrapCount = 0)
    {
        if (minResource is { } m)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(m, 1);
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(reductionFactor, 2);
        ArgumentOutOfRangeException.ThrowIfNegative(minEarlyStoppingRate);
        ArgumentOutOfRangeException.ThrowIfNegative(bootstrapCount);
        MinResource = minResource;
        ReductionFactor = reductionFactor;
        MinEarlyStoppingRate = minEarlyStoppingRate;
        BootstrapCount = bootstrapCount;
    }

    /// <summary>The step of rung 0 before the early-stopping-rate shift, or null for 'auto'.</summary>
    public int? MinResource { get; }

    /// <summary>The factor between rungs; the top 1/reduction_factor are promoted.</summary>
    public int ReductionFactor { get; }

    /// <summary>Shifts the first rung up by this many powers of the reduction factor (Hyperband's bracket index).</summary>
    public int MinEarlyStoppingRate { get; }

    /// <summary>Trials a rung must have seen before it promotes anyone.</summary>
    public int BootstrapCount { get; }

    /// <summary>The step at which rung <paramref name="rung"/> is checked.</summary>
    public static long RungStep(int minResource, int reductionFactor, int minEarlyStoppingRate, int rung) =>
        minResource * (long)Math.Pow(reductionFactor, minEarlyStoppingRate + rung);

    /// <inheritdoc/>
    public bool Prune(StudySnapshot study, FrozenTrial trial)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(trial);
        if (trial.LastStep is not { } step)
        {
            return false;
        }

        var minResource = MinResource ?? EstimateMinResource(study);
        if (minResource is not { } r0)
        {
            return false;
        }

        var value = trial.IntermediateValues[step];
        for (var rung = 0; ; rung++)
        {
            var rungStep = RungStep(r0, ReductionFactor, MinEarlyStoppingRate, rung);
            if (step < rungStep)
            {
                return false;
            }

            // Rungs already passed at an earlier report were decided then; only the rungs first reached now are judged.
            var reachedEarlier = trial.IntermediateValues.Keys.Any(s => s < step && s >= rungStep);
            if (reachedEarlier)
            {
                continue;
            }

            if (double.IsNaN(value))
            {
                return true;
            }

            var competing = new List<double>();
            foreach (var t in study.Trials)
            {
                if (t.Number != trial.Number && RungValue(t, rungStep) is { } v)
                {
                    competing.Add(v);
                }
            }

            competing.Add(value);
            if (competing.Count <= BootstrapCount || !Promotable(value, competing, study.Direction))
            {
                return true;
            }
        }
    }

    /// <summary>A trial's value at the rung: its first intermediate value reported at or after the rung's step.</summary>
    static double? RungValue(FrozenTrial t, long rungStep)
    {
        foreach (var (s, v) in t.IntermediateValues)
        {
            if (s >= rungStep)
            {
                return v;
            }
        }

        return null;
    }

    bool Promotable(double value, List<double> competing, StudyDirection direction)
    {
        var index = Math.Max((competing.Count / ReductionFactor) - 1, 0);
        competing.Sort();
        return direction == StudyDirection.Maximize ? value >= competing[^(index + 1)] : value <= competing[index];
    }

    static int? EstimateMinResource(StudySnapshot study)
    {
        var steps = study.Trials.Where(t => t.State == TrialState.Complete && t.LastStep is not null).Select(t => t.LastStep!.Value).ToList();
        return steps.Count == 0 ? null : Math.Max(steps.Max() / 100, 1);
    }
}
