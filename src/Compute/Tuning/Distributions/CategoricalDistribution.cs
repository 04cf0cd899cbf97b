using System.Collections.Immutable;

namespace BigDL.Compute.Tuning.Distributions;

/// <summary>A choice among listed values (strings, numbers, booleans or null); the internal repr is the choice's index.</summary>
public sealed record CategoricalDistribution : Distribution
{
    /// <summary>Creates the distribution; throws <see cref="ArgumentException"/> when the list is empty.</summary>
    public CategoricalDistribution(IEnumerable<object?> choices)
    {
        ArgumentNullException.ThrowIfNull(choices);
        Choices = [.. choices];
        if (Choices.IsEmpty)
        {
            throw new ArgumentException("choices must not be empty", nameof(choices));
        }
    }

    /// <summary>The values to choose from, in order.</summary>
    public ImmutableArray<object?> Choices { get; }

    /// <inheritdoc/>
    public override bool IsSingle => Choices.Length == 1;

    /// <inheritdoc/>
    public override bool Contains(double internalValue) =>
        internalValue >= 0 && internalValue < Choices.Length && internalValue == Math.Floor(internalValue);

    /// <inheritdoc/>
    public override double ToInternal(object? value)
    {
        for (var i = 0; i < Choices.Length; i++)
        {
            if (Equals(Choices[i], value) || (IsNumber(Choices[i]) && IsNumber(value)
                && Convert.ToDouble(Choices[i], System.Globalization.CultureInfo.InvariantCulture) == Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture)))
            {
                return i;
            }
        }

        throw new ArgumentException($"{value} is not one of the choices", nameof(value));
    }

    /// <inheritdoc/>
    public override object? ToExternal(double internalValue) => Choices[(int)internalValue];

    /// <inheritdoc/>
    public bool Equals(CategoricalDistribution? other) =>
        other is not null && Choices.SequenceEqual(other.Choices);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var c in Choices)
        {
            hash.Add(c);
        }

        return hash.ToHashCode();
    }

    static bool IsNumber(object? v) => v is int or long or double or float or decimal or short or byte;
}
