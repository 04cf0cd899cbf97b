using System.Collections.Immutable;
using BigDL.Orleans.Serialization;

namespace BigDL.Orleans.Grains;

/// <summary>Where a training job is in its life.</summary>
public enum TrainingJobState
{
    /// <summary>Never started.</summary>
    None,

    /// <summary>Training.</summary>
    Running,

    /// <summary>All epochs done.</summary>
    Completed,

    /// <summary>The loss or gradients became NaN or infinite; the last good checkpoint is kept.</summary>
    Diverged,

    /// <summary>An error ended the job.</summary>
    Failed,
}

/// <summary>A job's progress, per-step losses, per-epoch metrics and telemetry.</summary>
/// <param name="State">Running, completed, diverged or failed.</param>
/// <param name="Step">Steps applied so far.</param>
/// <param name="TotalSteps">Steps the job will run.</param>
/// <param name="Message">Why it ended, or null while running.</param>
/// <param name="StepLosses">The global batch's loss at every step applied.</param>
/// <param name="Epochs">Per-epoch train (and validation) loss.</param>
/// <param name="CheckpointStep">The step of the last checkpoint written, or 0.</param>
/// <param name="Telemetry">Throughput and the compute/sync split (of this activation's rounds).</param>
/// <param name="ResumedFrom">The checkpoint step the job last resumed from after a restart, or null if it never resumed.</param>
/// <param name="ReplicaRetries">Replica rounds re-run on a re-activated replica after the replica failed or was released.</param>
[Immutable]
public sealed record TrainingJobStatus(
    TrainingJobState State,
    long Step,
    long TotalSteps,
    string? Message,
    ImmutableArray<double> StepLosses,
    ImmutableArray<TrainingEpochMetrics> Epochs,
    long CheckpointStep,
    TrainingTelemetry Telemetry,
    long? ResumedFrom = null,
    int ReplicaRetries = 0);

/// <summary>One epoch's mean training loss and, when the job has validation rows, the validation loss and accuracy.</summary>
/// <param name="Epoch">1-based epoch.</param>
/// <param name="TrainLoss">Mean of the epoch's step losses.</param>
/// <param name="ValidationLoss">Loss on the validation rows after the epoch, or null.</param>
/// <param name="ValidationAccuracy">Accuracy on the validation rows (classification losses), or null.</param>
[Immutable]
public sealed record TrainingEpochMetrics(int Epoch, double TrainLoss, double? ValidationLoss, double? ValidationAccuracy = null);

/// <summary>Throughput and where a step's time goes, measured by the replicas.</summary>
/// <param name="SamplesPerSecond">Rows trained per wall-clock second over the job's rounds.</param>
/// <param name="ComputeMsPerStep">Mean forward/backward time per step (mean over replicas).</param>
/// <param name="SyncMsPerStep">Mean time per step spent pushing gradients and waiting for the updated slices.</param>
/// <param name="SyncRatio">Sync time over compute + sync.</param>
/// <param name="ReplicaStepMs">Mean step time of each replica (compute + sync); a straggler stands out here.</param>
[Immutable]
public sealed record TrainingTelemetry(double SamplesPerSecond, double ComputeMsPerStep, double SyncMsPerStep, double SyncRatio, ImmutableArray<double> ReplicaStepMs)
{
    /// <summary>No measurements yet.</summary>
    public static TrainingTelemetry Empty { get; } = new(0, 0, 0, 0, []);
}
