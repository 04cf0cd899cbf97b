namespace BigDL.Compute.Tuning.Distributions;

/// <summary>A float range, uniform, log-uniform or on a step grid from <see cref="Low"/>.</summary>
public sealed record FloatDistribution : Distribution
{
    /// <summary>Creates the distribution; throws <see cref="ArgumentException"/> naming the field at fault.</summary>
    public FloatDistribution(double low, double high, bool log = false, double? step = null)
    {
        if (double.IsNaN(low) || double.IsNaN(high) || double.IsInfinity(low) || double.IsInfinity(high))
        {
            throw new ArgumentException($"low and high must be finite (low={low}, high={high})", nameof(low));
        }

        if (low > high)
        {
            throw new ArgumentException($"low ({low}) must not exceed high ({high})", nameof(low));
        }

        if (log && low <= 0)
        {
            throw new ArgumentException($"a log range needs low > 0 (low={low})", nameof(low));
        }

        if (step is { } s)
        {
            if (log)
            {
                throw new ArgumentException("step and log cannot both be set", nameof(step));
            }

            if (!(s > 0) || double.IsInfinity(s))
            {
                throw new ArgumentException($"step must be positive (step={s})", nameof(step));
            }

            // Optuna shrinks high onto the grid so that every grid point lies in the range.
            high = low + (Math.Floor(((high - low) / s) + 1e-9) * s);
        }

        Low = low;
        High = high;
        Log = log;
        Step = step;
    }

    /// <summary>The smallest value.</summary>
    public double Low { get; }

    /// <summary>The largest value (on the step grid when a step is set).</summary>
    public double High { get; }

    /// <summary>Whether values are drawn uniformly in log space.</summary>
    public bool Log { get; }

    /// <summary>The grid spacing from <see cref="Low"/>, or null for a continuous range.</summary>
    public double? Step { get; }

    /// <inheritdoc/>
    public override bool IsSingle => Low == High;

    /// <inheritdoc/>
    public override bool Contains(double internalValue)
    {
        if (double.IsNaN(internalValue) || internalValue < Low || internalValue > High)
        {
            return false;
        }

        if (Step is { } s)
        {
            var k = (internalValue - Low) / s;
            return Math.Abs(k - Math.Round(k)) < 1e-8;
        }

        return true;
    }

    /// <summary>Rounds a value onto the step grid and into the range.</summary>
    public double Snap(double value)
    {
        if (Step is { } s)
        {
            value = (Math.Round((value - Low) / s) * s) + Low;
        }

        return Math.Clamp(value, Low, High);
    }

    /// <inheritdoc/>
    public override double ToInternal(object? value) => Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture);

    /// <inheritdoc/>
    public override object? ToExternal(double internalValue) => internalValue;
}
