using System.Collections.Immutable;

namespace BigDL.Grains;

/// <summary>
/// One run of one trial (keyed <c>{experiment}/{number}/{attempt}</c>): trains the spec's model with the trial's
/// parameters, reports each epoch's value to its experiment, stops when told, and reports how it ended.
/// </summary>
[Alias("BigDL.Grains.ITrialGrain")]
public interface ITrialGrain : IGrainWithStringKey
{
    /// <summary>
    /// Starts the run in the background and returns at once with the address of the silo running it; the outcome goes to
    /// <see cref="IExperimentGrain.Finish"/>.
    /// </summary>
    Task<string> Run(TrialAssignment assignment);

    /// <summary>Asks a running trial to stop (interleaves with the run, which holds the grain's turn).</summary>
    [AlwaysInterleave]
    Task Cancel();

    /// <summary>
    /// Gets whether this activation is running a trial or still delivering its result (false after a silo restart lost it,
    /// and once the experiment has taken the result).
    /// </summary>
    [AlwaysInterleave]
    Task<bool> IsRunning();
}

/// <summary>What a trial grain runs: the experiment, the trial's number and attempt, its spec and parameters.</summary>
/// <param name="Experiment">The experiment's key, to report to.</param>
/// <param name="Number">The trial's number.</param>
/// <param name="Attempt">1 for the first run, more for retries.</param>
/// <param name="Spec">The experiment's spec.</param>
/// <param name="Params">The sampled parameters in user-facing form.</param>
[Immutable]
[GenerateSerializer]
[Alias("BigDL.Grains.TrialAssignment")]
public sealed record TrialAssignment([Id(0)] string Experiment, [Id(1)] int Number, [Id(2)] int Attempt, [Id(3)] ExperimentSpec Spec, [Id(4)] ImmutableDictionary<string, object?> Params);

/// <summary>How a trial run ended.</summary>
/// <param name="Number">The trial's number.</param>
/// <param name="Attempt">The run's attempt.</param>
/// <param name="Status">Complete, pruned or failed.</param>
/// <param name="Value">The final objective value (complete; the first objective's when there are several) or the last reported one (pruned), else null.</param>
/// <param name="Reason">Why it failed or was pruned, or null.</param>
/// <param name="Model">The trained model as safetensors bytes when complete, or null.</param>
[Immutable]
[GenerateSerializer]
[Alias("BigDL.Grains.TrialResult")]
public sealed record TrialResult([Id(0)] int Number, [Id(1)] int Attempt, [Id(2)] TrialStatus Status, [Id(3)] double? Value, [Id(4)] string? Reason, [Id(5)] Immutable<byte[]>? Model)
{
    /// <summary>Gets every objective value of a complete multi-objective run, in the spec's order; empty when <see cref="Value"/> says it all.</summary>
    [Id(6)]
    public ImmutableArray<double> Values { get; init; } = [];
}
