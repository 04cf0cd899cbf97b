namespace BigDL.Compute.Data;

/// <summary>Splits a frame into training and validation rows: shuffled with a seed, or the last rows for time series.</summary>
public static class TrainValidationSplit
{
    /// <summary>A seeded random split; both parts keep the frame's row order and get at least one row.</summary>
    /// <param name="frame">The rows to split.</param>
    /// <param name="validationFraction">The share of rows for validation, in (0, 1).</param>
    /// <param name="seed">Same seed, same frame → same split.</param>
    /// <param name="shuffle">False keeps the last rows for validation (no look-ahead for time series).</param>
    public static (Frame Train, Frame Validation) Split(Frame frame, double validationFraction, ulong seed = 0, bool shuffle = true)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (!(validationFraction > 0 && validationFraction < 1))
        {
            throw new DatasetException($"option validationFraction must lie strictly between 0 and 1 (was {validationFraction})");
        }

        var validationRows = (int)Math.Round(frame.RowCount * validationFraction);
        if (validationRows < 1 || validationRows >= frame.RowCount)
        {
            throw new DatasetException(
                $"{frame.Source ?? "frame"}: option validationFraction {validationFraction} of {frame.RowCount} rows leaves {validationRows} validation and {frame.RowCount - validationRows} training rows; each needs at least one");
        }

        var order = Enumerable.Range(0, frame.RowCount).ToArray();
        if (shuffle)
        {
            new SplitMix64(seed).Shuffle(order);
        }

        var validation = order[^validationRows..];
        var train = order[..^validationRows];
        Array.Sort(validation);
        Array.Sort(train);
        return (frame.Take(train), frame.Take(validation));
    }
}
