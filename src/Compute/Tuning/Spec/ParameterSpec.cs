using BigDL.Compute.Tuning.Distributions;

namespace BigDL.Compute.Tuning.Spec;

/// <summary>One parameter of a search space: its distribution (or fixed value) and the parent choice it depends on, if any.</summary>
/// <param name="Name">The parameter's name.</param>
/// <param name="Distribution">What to sample, or null for a fixed value.</param>
/// <param name="FixedValue">The value of a fixed parameter.</param>
/// <param name="Condition">Present only when the parent categorical took one of the listed values.</param>
public sealed record ParameterSpec(string Name, Distribution? Distribution, object? FixedValue = null, ParameterCondition? Condition = null);

/// <summary>A parameter exists only when <see cref="Parent"/> took one of <see cref="Values"/>.</summary>
/// <param name="Parent">The name of an earlier categorical parameter.</param>
/// <param name="Values">The parent's choices under which the parameter exists.</param>
public sealed record ParameterCondition(string Parent, IReadOnlyList<object?> Values);
