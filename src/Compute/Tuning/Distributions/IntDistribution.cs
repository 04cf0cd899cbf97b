namespace BigDL.Compute.Tuning.Distributions;

/// <summary>An integer range, uniform, log-uniform or on a step grid from <see cref="Low"/>.</summary>
public sealed record IntDistribution : Distribution
{
    /// <summary>Creates the distribution; throws <see cref="ArgumentException"/> naming the field at fault.</summary>
    public IntDistribution(long low, long high, bool log = false, long step = 1)
    {
        if (low > high)
        {
            throw new ArgumentException($"low ({low}) must not exceed high ({high})", nameof(low));
        }

        if (log && low < 1)
        {
            throw new ArgumentException($"a log range needs low >= 1 (low={low})", nameof(low));
        }

        if (step < 1)
        {
            throw new ArgumentException($"step must be positive (step={step})", nameof(step));
        }

        if (log && step != 1)
        {
            throw new ArgumentException("a log int range needs step 1", nameof(step));
        }

        Low = low;
        High = low + ((high - low) / step * step);
        Log = log;
        Step = step;
    }

    /// <summary>The smallest value.</summary>
    public long Low { get; }

    /// <summary>The largest value (on the step grid).</summary>
    public long High { get; }

    /// <summary>Whether values are drawn uniformly in log space.</summary>
    public bool Log { get; }

    /// <summary>The grid spacing from <see cref="Low"/>.</summary>
    public long Step { get; }

    /// <inheritdoc/>
    public override bool IsSingle => Low == High;

    /// <inheritdoc/>
    public override bool Contains(double internalValue) =>
        !double.IsNaN(internalValue) && internalValue >= Low && internalValue <= High
        && internalValue == Math.Round(internalValue) && ((long)internalValue - Low) % Step == 0;

    /// <summary>Rounds a value onto the step grid and into the range.</summary>
    public double Snap(double value) =>
        Math.Clamp((Math.Round((value - Low) / Step) * Step) + Low, Low, High);

    /// <inheritdoc/>
    public override double ToInternal(object? value) => Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture);

    /// <inheritdoc/>
    public override object? ToExternal(double internalValue) => (long)Math.Round(internalValue);
}
