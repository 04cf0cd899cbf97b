using System.Collections.Immutable;

namespace BigDL.Grains;

/// <summary>Where a trial of an experiment is (Optuna's TrialState, with <c>Failed</c> for FAIL).</summary>
[GenerateSerializer]
[Alias("BigDL.Grains.TrialStatus")]
public enum TrialStatus
{
    /// <summary>Started and not yet finished.</summary>
    Running,

    /// <summary>Finished with its objective value.</summary>
    Complete,

    /// <summary>Stopped early by the pruner.</summary>
    Pruned,

    /// <summary>Failed: the objective threw, returned NaN, or the trial was lost more often than the retries allow.</summary>
    Failed,
}

/// <summary>One trial of an experiment as clients see it.</summary>
/// <param name="Number">The trial's 0-based number in its study.</param>
/// <param name="Status">Running, complete, pruned or failed.</param>
/// <param name="Params">The sampled parameters in user-facing form (double, long or the categorical choice).</param>
/// <param name="Value">
/// The objective value when complete (the last reported value when pruned), else null; the first objective's value in a
/// multi-objective study (all of them are in <see cref="Values"/>).
/// </param>
/// <param name="IntermediateValues">
/// The values reported per epoch, in step order; in a multi-objective study, the first objective's, or the pruner's
/// weighted score when the spec prunes.
/// </param>
/// <param name="Attempt">How many times the trial was started (more than 1 after a lost run was retried).</param>
/// <param name="Reason">Why the trial failed or was pruned, or null.</param>
[Immutable]
[GenerateSerializer]
[Alias("BigDL.Grains.TrialInfo")]
public sealed record TrialInfo(
    [Id(0)] int Number,
    [Id(1)] TrialStatus Status,
    [Id(2)] ImmutableDictionary<string, object?> Params,
    [Id(3)] double? Value,
    [Id(4)] ImmutableArray<StepValue> IntermediateValues,
    [Id(5)] int Attempt,
    [Id(6)] string? Reason)
{
    /// <summary>Gets the objective values of a complete trial, one per objective in the spec's order; empty otherwise.</summary>
    [Id(7)]
    public ImmutableArray<double> Values { get; init; } = [];

    /// <summary>Gets every start of the trial, first attempt first: where it ran, when it started, and when it was found lost.</summary>
    [Id(8)]
    public ImmutableArray<TrialAttempt> Attempts { get; init; } = [];
}

/// <summary>One start of a trial: the silo that ran it, when it started, and when the experiment found it lost.</summary>
/// <param name="Attempt">The 1-based attempt.</param>
/// <param name="Silo">The address of the silo that ran it, or null when its start was not acknowledged.</param>
/// <param name="StartedAt">When the experiment started it (UTC).</param>
/// <param name="LostAt">When the experiment found it no longer running anywhere (UTC), or null.</param>
[Immutable]
[GenerateSerializer]
[Alias("BigDL.Grains.TrialAttempt")]
public sealed record TrialAttempt([Id(0)] int Attempt, [Id(1)] string? Silo, [Id(2)] DateTime StartedAt, [Id(3)] DateTime? LostAt);

/// <summary>A parameter's share of the variance of the objective across complete trials, by fANOVA (all shares sum to 1).</summary>
/// <param name="Name">The parameter.</param>
/// <param name="Importance">Its share, in [0, 1].</param>
[Immutable]
[GenerateSerializer]
[Alias("BigDL.Grains.ParameterImportance")]
public sealed record ParameterImportance([Id(0)] string Name, [Id(1)] double Importance);

/// <summary>A value a trial reported at one step (epoch).</summary>
/// <param name="Step">The 1-based epoch.</param>
/// <param name="Value">The reported value.</param>
[Immutable]
[GenerateSerializer]
[Alias("BigDL.Grains.StepValue")]
public sealed record StepValue([Id(0)] int Step, [Id(1)] double Value);
