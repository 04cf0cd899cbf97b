using BigDL.Orleans.Serialization;

namespace BigDL.Orleans.Grains;

/// <summary>Where an experiment is in its life.</summary>
public enum ExperimentPhase
{
    /// <summary>No spec submitted yet.</summary>
    None,

    /// <summary>Starting trials as slots free up.</summary>
    Running,

    /// <summary>Starting no new trials; running ones finish.</summary>
    Paused,

    /// <summary>The budget is spent and every trial has finished.</summary>
    Completed,

    /// <summary>Cancelled by a client; running trials were told to stop.</summary>
    Cancelled,
}

/// <summary>An experiment's progress as clients see it.</summary>
/// <param name="Name">The experiment's grain key.</param>
/// <param name="Phase">Running, paused, completed or cancelled.</param>
/// <param name="Running">Trials running now.</param>
/// <param name="Complete">Trials complete.</param>
/// <param name="Pruned">Trials pruned.</param>
/// <param name="Failed">Trials failed.</param>
/// <param name="BudgetTrials">The trial budget.</param>
/// <param name="BestValue">The best objective value so far, or null.</param>
/// <param name="BestTrial">The number of the best trial so far, or null.</param>
/// <param name="StartedAt">When the spec was submitted.</param>
/// <param name="FinishedAt">When the last trial finished, or null.</param>
[Immutable]
public sealed record ExperimentStatus(
    string Name,
    ExperimentPhase Phase,
    int Running,
    int Complete,
    int Pruned,
    int Failed,
    int BudgetTrials,
    double? BestValue,
    int? BestTrial,
    DateTime? StartedAt,
    DateTime? FinishedAt)
{
    /// <summary>Gets whether the experiment will start no more trials and none is running.</summary>
    public bool IsFinished => Phase is ExperimentPhase.Completed or ExperimentPhase.Cancelled;
}
