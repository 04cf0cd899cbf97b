namespace BigDL.Compute.Tuning.Distributions;

/// <summary>The range a parameter is drawn from; values travel in an internal repr (a double) that samplers work in.</summary>
/// <remarks>
/// As in Optuna, a float or int keeps its own value as internal repr and a categorical keeps the index of its choice,
/// so trial history persists as plain doubles whatever the parameter's type.
/// </remarks>
public abstract record Distribution
{
    /// <summary>Whether the distribution holds one value only (nothing to sample).</summary>
    public abstract bool IsSingle { get; }

    /// <summary>Whether an internal-repr value lies in the distribution (range, step grid, choice index).</summary>
    public abstract bool Contains(double internalValue);

    /// <summary>Turns a user-facing value into the internal repr.</summary>
    public abstract double ToInternal(object? value);

    /// <summary>Turns an internal-repr value into the user-facing value (double, long or the choice).</summary>
    public abstract object? ToExternal(double internalValue);
}
