using System.Collections.Immutable;
using BigDL.Compute.Tuning.Distributions;

namespace BigDL.Compute.Tuning;

/// <summary>An immutable snapshot of one trial: what samplers and pruners read, and what storage persists.</summary>
/// <param name="Number">The trial's 0-based number in its study; also seeds the sampler's draws for it.</param>
/// <param name="State">Running, complete, pruned or failed.</param>
/// <param name="InternalParams">Parameter values in each distribution's internal repr.</param>
/// <param name="Distributions">The distribution each parameter was drawn from.</param>
/// <param name="Values">The objective values once complete (one per study direction), else empty.</param>
/// <param name="IntermediateValues">Values reported per step (epoch) while running.</param>
public sealed record FrozenTrial(
    int Number,
    TrialState State,
    ImmutableDictionary<string, double> InternalParams,
    ImmutableDictionary<string, Distribution> Distributions,
    ImmutableArray<double> Values,
    ImmutableSortedDictionary<int, double> IntermediateValues)
{
    /// <summary>A running trial with no parameters yet.</summary>
    public static FrozenTrial CreateRunning(int number) => new(
        number, TrialState.Running, ImmutableDictionary<string, double>.Empty,
        ImmutableDictionary<string, Distribution>.Empty, [], ImmutableSortedDictionary<int, double>.Empty);

    /// <summary>A complete trial built from user-facing values (for tests, imports and warm starts).</summary>
    public static FrozenTrial CreateComplete(int number, IReadOnlyDictionary<string, (Distribution Distribution, object? Value)> parameters, params double[] values)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var p = ImmutableDictionary.CreateBuilder<string, double>();
        var d = ImmutableDictionary.CreateBuilder<string, Distribution>();
        foreach (var (name, (distribution, value)) in parameters)
        {
            p[name] = distribution.ToInternal(value);
            d[name] = distribution;
        }

        return new(number, TrialState.Complete, p.ToImmutable(), d.ToImmutable(), [.. values], ImmutableSortedDictionary<int, double>.Empty);
    }

    /// <summary>The single objective value, or null when not complete.</summary>
    public double? Value => Values.IsDefaultOrEmpty ? null : Values[0];

    /// <summary>The last step with a reported intermediate value, or null.</summary>
    public int? LastStep => IntermediateValues.IsEmpty ? null : IntermediateValues.Keys.Last();

    /// <summary>The parameters in their user-facing form (double, long or the categorical choice).</summary>
    public IReadOnlyDictionary<string, object?> Params =>
        InternalParams.ToDictionary(kv => kv.Key, kv => Distributions[kv.Key].ToExternal(kv.Value));

    /// <summary>Whether the trial has reached a final state.</summary>
    public bool IsFinished => State != TrialState.Running;

    /// <summary>This trial with one more parameter.</summary>
    public FrozenTrial WithParam(string name, Distribution distribution, double internalValue) =>
        this with { InternalParams = InternalParams.SetItem(name, internalValue), Distributions = Distributions.SetItem(name, distribution) };

    /// <summary>This trial with one more intermediate value (a later report of the same step is ignored, as in Optuna).</summary>
    public FrozenTrial WithIntermediate(int step, double value) =>
        IntermediateValues.ContainsKey(step) ? this : this with { IntermediateValues = IntermediateValues.Add(step, value) };
}
