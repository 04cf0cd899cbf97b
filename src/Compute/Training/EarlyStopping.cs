namespace BigDL.Compute.Training;

/// <summary>Stops when the monitored value has not improved by <see cref="MinDelta"/> for <see cref="Patience"/> epochs.</summary>
public sealed class EarlyStopping
{
    /// <summary>Gets or sets what is watched: <c>val_loss</c>, <c>loss</c>, or a metric name such as <c>accuracy</c>.</summary>
    public string Monitor { get; set; } = "val_loss";

    /// <summary>Gets or sets epochs without improvement tolerated. Default 3.</summary>
    public int Patience { get; set; } = 3;

    /// <summary>Gets or sets the smallest change that counts as improvement.</summary>
    public double MinDelta { get; set; }

    /// <summary>Gets or sets whether larger is better; null infers it (losses lower, metrics from their definition).</summary>
    public bool? HigherIsBetter { get; set; }

    /// <summary>Gets or sets whether the best epoch's weights are restored at the end. Default true.</summary>
    public bool RestoreBestWeights { get; set; } = true;
}
