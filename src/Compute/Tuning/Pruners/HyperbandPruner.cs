namespace BigDL.Compute.Tuning.Pruners;

/// <summary>
/// Hyperband (Li et al. 2017, https://jmlr.org/papers/v18/16-558.html) as Optuna runs it: brackets
/// s = 0..floor(log_eta(max/min)) are successive-halving pruners with min_early_stopping_rate s; each trial is hashed to
/// a bracket in proportion to ceil(brackets * eta^(s_max - s) / (s_max - s + 1)) and competes only with its bracket.
/// </summary>
public sealed class HyperbandPruner : IPruner
{
    /// <summary>Creates the pruner; a null <paramref name="maxResource"/> means 'auto' (the longest complete trial's last step + 1).</summary>
    public HyperbandPruner(int minResource = 1, int? maxResource = null, int reductionFactor = 3, int bootstrapCount = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minResource, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(reductionFactor, 2);
        if (maxResource is { } m)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(m, minResource);
        }

        MinResource = minResource;
        MaxResource = maxResource;
        ReductionFactor = reductionFactor;
        BootstrapCount = bootstrapCount;
    }

    /// <summary>The first rung's step in bracket 0.</summary>
    public int MinResource { get; }

    /// <summary>The most steps a trial runs, or null for 'auto'.</summary>
    public int? MaxResource { get; }

    /// <summary>The factor between rungs.</summary>
    public int ReductionFactor { get; }

    /// <summary>Trials a rung must have seen before it promotes anyone.</summary>
    public int BootstrapCount { get; }

    /// <summary>The number of brackets for a maximum resource.</summary>
    public int BracketCount(int maxResource) =>
        (int)Math.Floor((Math.Log((double)maxResource / MinResource) / Math.Log(ReductionFactor)) + 1e-9) + 1;

    /// <summary>The bracket a trial belongs to, from a hash of its number weighted by each bracket's trial budget.</summary>
    public int BracketOf(int trialNumber, int maxResource)
    {
        var n = BracketCount(maxResource);
        var budgets = Enumerable.Range(0, n).Select(b =>
        {
            var s = n - 1 - b;
            return (int)Math.Ceiling(n * Math.Pow(ReductionFactor, s) / (s + 1));
        }).ToArray();
        var h = (int)(Hash((uint)trialNumber) % (uint)budgets.Sum());
        for (var b = 0; b < n; b++)
        {
            h -= budgets[b];
            if (h < 0)
            {
                return b;
            }
        }

        return n - 1;
    }

    /// <inheritdoc/>
    public bool Prune(StudySnapshot study, FrozenTrial trial)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(trial);
        var max = MaxResource ?? study.Trials.Where(t => t.State == TrialState.Complete && t.LastStep is not null)
            .Select(t => (int?)(t.LastStep!.Value + 1)).Max();
        if (max is not { } maxResource)
        {
            return false;
        }

        var bracket = BracketOf(trial.Number, maxResource);
        var bracketStudy = study with { Trials = [.. study.Trials.Where(t => BracketOf(t.Number, maxResource) == bracket)] };
        return new SuccessiveHalvingPruner(MinResource, ReductionFactor, bracket, BootstrapCount).Prune(bracketStudy, trial);
    }

    static uint Hash(uint x)
    {
        // A fixed integer mix (not crc32 of the study name as in Optuna): the assignment only needs to be stable and even.
        x ^= x >> 16;
        x *= 0x7FEB352D;
        x ^= x >> 15;
        x *= 0x846CA68B;
        x ^= x >> 16;
        return x;
    }
}
