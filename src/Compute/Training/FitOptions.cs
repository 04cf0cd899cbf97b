using BigDL.Compute.Metrics;

namespace BigDL.Compute.Training;

/// <summary>Settings of <see cref="Trainer.Fit"/>.</summary>
public sealed class FitOptions
{
    /// <summary>Gets or sets the number of passes over the data. Default 10.</summary>
    public int Epochs { get; set; } = 10;

    /// <summary>Gets or sets the rows per step. Default 32.</summary>
    public int BatchSize { get; set; } = 32;

    /// <summary>Gets or sets whether rows are shuffled each epoch. Default true.</summary>
    public bool Shuffle { get; set; } = true;

    /// <summary>Gets or sets the seed of the shuffling (with single-threaded kernels the whole run is then deterministic).</summary>
    public int Seed { get; set; }

    /// <summary>Gets or sets data evaluated after each epoch, or null.</summary>
    public Dataset? Validation { get; set; }

    /// <summary>Gets or sets metrics computed on the validation data each epoch.</summary>
    public IReadOnlyList<Metric> Metrics { get; set; } = [];

    /// <summary>Gets or sets early stopping, or null to always run every epoch.</summary>
    public EarlyStopping? EarlyStopping { get; set; }

    /// <summary>Gets or sets the maximum global gradient norm, or null for no clipping.</summary>
    public float? ClipGradientNorm { get; set; }

    /// <summary>Gets or sets a callback after each epoch; returning false stops training (a pruner's verdict).</summary>
    public Func<EpochResult, bool>? OnEpochEnd { get; set; }
}
