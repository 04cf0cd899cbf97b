using System.Collections.Immutable;

namespace BigDL.Grains;

/// <summary>
/// Trains one model type for a trial (the objective of Optuna's <c>study.optimize</c>). <c>mlp-classifier</c> is built in;
/// register more as <see cref="ITrialObjective"/> services in the silo's host.
/// </summary>
public interface ITrialObjective
{
    /// <summary>Gets the spec's <c>model.type</c> this objective trains.</summary>
    string ModelType { get; }

    /// <summary>
    /// Trains with the trial's parameters, calling <see cref="TrialContext.ReportAsync"/> after each epoch and returning a
    /// pruned outcome as soon as it answers true. Exceptions and a NaN value make the trial fail with their message.
    /// </summary>
    Task<TrialOutcome> RunAsync(TrialContext context, CancellationToken cancellationToken);
}

/// <summary>What an objective gets: the spec, the trial's number and parameters, and the channel to report epochs on.</summary>
/// <param name="Spec">The experiment's spec.</param>
/// <param name="Number">The trial's number (seeds the model's initialization).</param>
/// <param name="Params">The sampled parameters in user-facing form.</param>
/// <param name="Report">Sends one epoch's value to the experiment; true means stop (pruned or cancelled).</param>
public sealed record TrialContext(ExperimentSpec Spec, int Number, ImmutableDictionary<string, object?> Params, Func<int, double, Task<bool>> Report)
{
    /// <summary>Reports the value of <paramref name="epoch"/> (1-based); true means the trial must stop now.</summary>
    public Task<bool> ReportAsync(int epoch, double value) => Report(epoch, value);

    /// <summary>Gets the silo's grain factory, for objectives that train through grains (data-parallel trials); null outside a silo.</summary>
    public IGrainFactory? GrainFactory { get; init; }

    /// <summary>Gets this attempt's own key for a training job (one per attempt, so a retried attempt starts a fresh job).</summary>
    public string TrainingJobKey { get; init; } = $"trial/{Guid.NewGuid():N}";

    /// <summary>Gets the training-job keys of this trial's earlier attempts, which a retried attempt stops before it trains.</summary>
    public IReadOnlyList<string> EarlierTrainingJobKeys { get; init; } = [];

    /// <summary>Gets the channel for one value per objective (multi-objective studies), or null to report the first value only.</summary>
    public Func<int, ImmutableArray<double>, Task<bool>>? ReportMany { get; init; }

    /// <summary>The metrics to measure, in the order the study's objectives list them.</summary>
    public IReadOnlyList<string> Metrics => [.. Spec.GetObjectives().Select(o => o.Metric)];

    /// <summary>Reports one value per objective (in <see cref="Metrics"/> order) for <paramref name="epoch"/>; true means stop now.</summary>
    public Task<bool> ReportValuesAsync(int epoch, IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return ReportMany is { } many ? many(epoch, [.. values]) : Report(epoch, values[0]);
    }

    /// <summary>A whole-number parameter, or <paramref name="fallback"/> when the search space does not have it.</summary>
    public int GetInt(string name, int fallback) =>
        Params.TryGetValue(name, out var v) && v is not null ? Convert.ToInt32(v, System.Globalization.CultureInfo.InvariantCulture) : fallback;

    /// <summary>A real-valued parameter, or <paramref name="fallback"/> when the search space does not have it.</summary>
    public double GetDouble(string name, double fallback) =>
        Params.TryGetValue(name, out var v) && v is not null ? Convert.ToDouble(v, System.Globalization.CultureInfo.InvariantCulture) : fallback;
}

/// <summary>How an objective's run ended.</summary>
/// <param name="Status">Complete, pruned or failed.</param>
/// <param name="Value">The final value (complete; the first objective's when there are several) or the last reported one (pruned).</param>
/// <param name="Reason">Why it failed or was pruned.</param>
/// <param name="Model">The trained model as safetensors bytes, or null.</param>
public sealed record TrialOutcome(TrialStatus Status, double? Value, string? Reason = null, byte[]? Model = null)
{
    /// <summary>Gets every objective value of a complete run (in the study's objective order), or null when <see cref="Value"/> is the only one.</summary>
    public IReadOnlyList<double>? Values { get; init; }

    /// <summary>A complete run with its final value and, optionally, the trained model.</summary>
    public static TrialOutcome Complete(double value, byte[]? model = null) => new(TrialStatus.Complete, value, null, model);

    /// <summary>A complete run of a multi-objective study: one value per objective, in the study's order.</summary>
    public static TrialOutcome Complete(IReadOnlyList<double> values, byte[]? model = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        return new(TrialStatus.Complete, values.Count > 0 ? values[0] : null, null, model) { Values = [.. values] };
    }

    /// <summary>A run stopped by the pruner after <paramref name="epoch"/>.</summary>
    public static TrialOutcome Pruned(double lastValue, int epoch) => new(TrialStatus.Pruned, lastValue, $"pruned after epoch {epoch}");

    /// <summary>A failed run.</summary>
    public static TrialOutcome Failed(string reason) => new(TrialStatus.Failed, null, reason);
}
