namespace BigDL.Compute.Tuning.Pruners;

/// <summary>Decides from a running trial's intermediate values whether to stop it (Optuna's BasePruner).</summary>
/// <remarks>Pruners keep no state: each answer is a function of the study snapshot, so a restarted experiment answers alike.</remarks>
public interface IPruner
{
    /// <summary>True to stop <paramref name="trial"/> now, false to let it continue.</summary>
    bool Prune(StudySnapshot study, FrozenTrial trial);
}

/// <summary>Never prunes.</summary>
public sealed class NopPruner : IPruner
{
    /// <inheritdoc/>
    public bool Prune(StudySnapshot study, FrozenTrial trial) => false;
}
