namespace BigDL.Compute.Tuning.Pruners;

/// <summary>Stops a trial whose latest intermediate value is NaN or leaves [lower, upper] (diverging losses, hopeless accuracies).</summary>
public sealed class ThresholdPruner : IPruner
{
    /// <summary>Creates the pruner; at least one bound is needed and lower must not exceed upper.</summary>
    public ThresholdPruner(double? lower = null, double? upper = null, int nWarmupSteps = 0, int intervalSteps = 1)
    {
        if (lower is null && upper is null)
        {
            throw new ArgumentException("give a lower or an upper bound", nameof(lower));
        }

        if (lower > upper)
        {
            throw new ArgumentException($"lower ({lower}) must not exceed upper ({upper})", nameof(lower));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(nWarmupSteps);
        ArgumentOutOfRangeException.ThrowIfLessThan(intervalSteps, 1);
        Lower = lower ?? double.NegativeInfinity;
        Upper = upper ?? double.PositiveInfinity;
        NWarmupSteps = nWarmupSteps;
        IntervalSteps = intervalSteps;
    }

    /// <summary>Values below this are pruned.</summary>
    public double Lower { get; }

    /// <summary>Values above this are pruned.</summary>
    public double Upper { get; }

    /// <summary>Steps a trial runs before it may be pruned.</summary>
    public int NWarmupSteps { get; }

    /// <summary>Steps between pruning checks, counted from the warm-up's end.</summary>
    public int IntervalSteps { get; }

    /// <inheritdoc/>
    public bool Prune(StudySnapshot study, FrozenTrial trial)
    {
        ArgumentNullException.ThrowIfNull(trial);
        if (trial.LastStep is not { } step || step < NWarmupSteps)
        {
            return false;
        }

        var boundary = ((step - NWarmupSteps) / IntervalSteps * IntervalSteps) + NWarmupSteps;
        var previous = trial.IntermediateValues.Keys.Where(s => s < step).DefaultIfEmpty(-1).Max();
        if (previous >= boundary)
        {
            return false;
        }

        var v = trial.IntermediateValues[step];
        return double.IsNaN(v) || v < Lower || v > Upper;
    }
}
