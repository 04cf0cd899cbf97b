using System.Collections.Immutable;

namespace BigDL.Grains;

/// <summary>Where an experiment is in its life.</summary>
[GenerateSerializer]
[Alias("BigDL.Grains.ExperimentPhase")]
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
/// <param name="BestValue">The best objective value so far, or null (always null in a multi-objective study).</param>
/// <param name="BestTrial">The number of the best trial so far, or null (always null in a multi-objective study).</param>
/// <param name="StartedAt">When the spec was submitted.</param>
/// <param name="FinishedAt">When the last trial finished, or null.</param>
[Immutable]
[GenerateSerializer]
[Alias("BigDL.Grains.ExperimentStatus")]
public sealed record ExperimentStatus(
    [Id(0)] string Name,
    [Id(1)] ExperimentPhase Phase,
    [Id(2)] int Running,
    [Id(3)] int Complete,
    [Id(4)] int Pruned,
    [Id(5)] int Failed,
    [Id(6)] int BudgetTrials,
    [Id(7)] double? BestValue,
    [Id(8)] int? BestTrial,
    [Id(9)] DateTime? StartedAt,
    [Id(10)] DateTime? FinishedAt)
{
    /// <summary>Gets the numbers of the trials on the Pareto front (the best trial alone in a single-objective study).</summary>
    [Id(11)]
    public ImmutableArray<int> BestTrials { get; init; } = [];

    /// <summary>Gets the address of the silo the experiment's activation runs on.</summary>
    [Id(12)]
    public string? Silo { get; init; }

    /// <summary>Gets whether the experiment will start no more trials and none is running.</summary>
    public bool IsFinished => Phase is ExperimentPhase.Completed or ExperimentPhase.Cancelled;

    /// <summary>Value equality, <see cref="BestTrials"/> compared element by element (a record would compare the array by reference).</summary>
    public bool Equals(ExperimentStatus? other) =>
        other is not null
        && (Name, Phase, Running, Complete, Pruned, Failed, BudgetTrials, BestValue, BestTrial, StartedAt, FinishedAt)
            == (other.Name, other.Phase, other.Running, other.Complete, other.Pruned, other.Failed, other.BudgetTrials, other.BestValue, other.BestTrial, other.StartedAt, other.FinishedAt)
        && Silo == other.Silo
        && (BestTrials.IsDefault ? [] : BestTrials).SequenceEqual(other.BestTrials.IsDefault ? [] : other.BestTrials);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Name, Phase, Running, Complete, Pruned, Failed, BestTrial);
}
