using BigDL.Compute.Tensors;
using BigDL.Compute.Training;

namespace BigDL.Compute.Data;

/// <summary>Sliding windows over a time-ordered frame for forecasting (BigDL Chronos' TSDataset.roll).</summary>
/// <remarks>
/// Window i takes rows [i, i + lookback) of the feature columns as input and rows [i + lookback, i + lookback + horizon)
/// of the target columns as targets, so there are rows − lookback − horizon + 1 windows. Inputs have shape
/// [windows, lookback, features]; targets [windows, horizon·targets], step-major (as LstmForecaster emits them).
/// </remarks>
public static class Roll
{
    /// <summary>Rolls <paramref name="frame"/> into a forecasting dataset.</summary>
    public static Dataset Windows(Frame frame, IReadOnlyList<string> features, IReadOnlyList<string> targets, int lookback, int horizon)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(targets);
        if (lookback < 1 || horizon < 1)
        {
            throw new DatasetException($"Roll option {(lookback < 1 ? "lookback" : "horizon")} must be at least 1 (lookback {lookback}, horizon {horizon})");
        }

        var windows = frame.RowCount - lookback - horizon + 1;
        if (windows < 1)
        {
            throw new DatasetException(
                $"{frame.Source ?? "frame"}: Roll options lookback {lookback} + horizon {horizon} need at least {lookback + horizon} rows; there are {frame.RowCount}");
        }

        frame.RequireColumns(features, "feature column");
        frame.RequireColumns(targets, "target column");
        var x = frame.ToTensor(features);
        var y = frame.ToTensor(targets);
        int f = features.Count, t = targets.Count;
        var input = new float[windows * lookback * f];
        var output = new float[windows * horizon * t];
        for (var w = 0; w < windows; w++)
        {
            x.Span.Slice(w * f, lookback * f).CopyTo(input.AsSpan(w * lookback * f));
            y.Span.Slice((w + lookback) * t, horizon * t).CopyTo(output.AsSpan(w * horizon * t));
        }

        return new Dataset(Tensor.FromArray(input, windows, lookback, f), Tensor.FromArray(output, windows, horizon * t));
    }
}
