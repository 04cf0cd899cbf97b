namespace BigDL.Compute.Tuning;

/// <summary>Where a trial is in its life (Optuna's TrialState).</summary>
public enum TrialState
{
    /// <summary>Asked for and not yet told; samplers with constant liar count it as a bad result.</summary>
    Running,

    /// <summary>Finished with its objective value(s).</summary>
    Complete,

    /// <summary>Stopped early by a pruner; its last intermediate value stands in for a result.</summary>
    Pruned,

    /// <summary>Failed (an exception or a NaN objective); samplers ignore it.</summary>
    Fail,
}

/// <summary>Whether an objective is minimized or maximized.</summary>
public enum StudyDirection
{
    /// <summary>Lower is better.</summary>
    Minimize,

    /// <summary>Higher is better.</summary>
    Maximize,
}
