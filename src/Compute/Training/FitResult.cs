namespace BigDL.Compute.Training;

/// <summary>Why training ended.</summary>
public enum StopReason
{
    /// <summary>All epochs ran.</summary>
    Completed,

    /// <summary>Early stopping saw no improvement.</summary>
    EarlyStopped,

    /// <summary>The loss or the gradients became NaN or infinite; the step was not applied, so weights stay finite.</summary>
    NonFiniteLoss,

    /// <summary>The epoch callback asked to stop (pruned).</summary>
    StoppedByCallback,
}

/// <summary>Figures of one epoch.</summary>
/// <param name="Epoch">1-based epoch.</param>
/// <param name="Loss">Mean training loss.</param>
/// <param name="ValidationLoss">Mean validation loss, or null without validation data.</param>
/// <param name="Metrics">Validation metrics by name.</param>
/// <param name="Seconds">Wall time of the epoch.</param>
public sealed record EpochResult(int Epoch, double Loss, double? ValidationLoss, IReadOnlyDictionary<string, double> Metrics, double Seconds)
{
    /// <summary>Looks up <c>loss</c>, <c>val_loss</c> or a metric by name.</summary>
    public double? Get(string name) => name switch
    {
        "loss" => Loss,
        "val_loss" => ValidationLoss,
        _ => Metrics.TryGetValue(name, out var v) ? v : null,
    };
}

/// <summary>The outcome of <see cref="Trainer.Fit"/>: per-epoch history and why it ended.</summary>
/// <param name="History">One entry per completed epoch.</param>
/// <param name="Reason">Why training ended.</param>
/// <param name="Message">A human-readable account, naming the epoch and step for a non-finite loss.</param>
/// <param name="Steps">Optimizer steps applied.</param>
/// <param name="BestEpoch">The best epoch under early stopping's monitor (0 when not monitored).</param>
public sealed record FitResult(IReadOnlyList<EpochResult> History, StopReason Reason, string Message, long Steps, int BestEpoch)
{
    /// <summary>Whether training ran to an ordinary end (completed or early-stopped), not on a NaN loss.</summary>
    public bool Succeeded => Reason != StopReason.NonFiniteLoss;
}
