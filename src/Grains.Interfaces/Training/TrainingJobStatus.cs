using System.Collections.Immutable;

namespace BigDL.Grains;

/// <summary>Where a training job is in its life.</summary>
[GenerateSerializer]
[Alias("BigDL.Grains.TrainingJobState")]
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

    /// <summary>Stopped on request (<see cref="ITrainingJobGrain.Stop"/>) before its last step; the weights of the step it stopped at are kept.</summary>
    Stopped,
}

/// <summary>A job's progress, per-step losses, per-epoch metrics and telemetry.</summary>
/// <param name="State">Running, completed, diverged, failed or stopped.</param>
/// <param name="Step">Steps applied so far.</param>
/// <param name="TotalSteps">Steps the job will run.</param>
/// <param name="Message">Why it ended, or null while running.</param>
/// <param name="StepLosses">The global batch's loss at every step applied.</param>
/// <param name="Epochs">Per-epoch train (and validation) loss.</param>
/// <param name="CheckpointStep">The step of the last checkpoint written, or 0.</param>
/// <param name="Telemetry">Throughput and the compute/sync split (of this activation's rounds).</param>
/// <param name="ResumedFrom">The checkpoint step the job last resumed from after a restart, or null if it never resumed.</param>
/// <param name="ReplicaRetries">Replica rounds re-run on a re-activated replica after the replica failed or was released.</param>
/// <param name="Rollbacks">Times the job rolled every shard back to a common checkpoint (a shard or the driver was lost).</param>
/// <param name="Placement">Where the driver, replicas and shards ran, or null before the first round.</param>
[Immutable]
[GenerateSerializer]
[Alias("BigDL.Grains.TrainingJobStatus")]
public sealed record TrainingJobStatus(
    [Id(0)] TrainingJobState State,
    [Id(1)] long Step,
    [Id(2)] long TotalSteps,
    [Id(3)] string? Message,
    [Id(4)] ImmutableArray<double> StepLosses,
    [Id(5)] ImmutableArray<TrainingEpochMetrics> Epochs,
    [Id(6)] long CheckpointStep,
    [Id(7)] TrainingTelemetry Telemetry,
    [Id(8)] long? ResumedFrom = null,
    [Id(9)] int ReplicaRetries = 0,
    [Id(10)] int Rollbacks = 0,
    [Id(11)] TrainingPlacement? Placement = null);

/// <summary>The silos a job's grains ran on: the driver now, each replica in its last round, each shard when last asked.</summary>
/// <param name="Driver">The driver's silo.</param>
/// <param name="Replicas">Replica p's silo in its last completed round (empty before one).</param>
/// <param name="Shards">Shard s's silo when the driver last read the shards (at start, after a rollback, at the end).</param>
[Immutable]
[GenerateSerializer]
[Alias("BigDL.Grains.TrainingPlacement")]
public sealed record TrainingPlacement([Id(0)] string Driver, [Id(1)] ImmutableArray<string> Replicas, [Id(2)] ImmutableArray<string> Shards);

/// <summary>One epoch's mean training loss and, when the job has validation rows, the validation loss and accuracy.</summary>
/// <param name="Epoch">1-based epoch.</param>
/// <param name="TrainLoss">Mean of the epoch's step losses.</param>
/// <param name="ValidationLoss">Loss on the validation rows after the epoch, or null.</param>
/// <param name="ValidationAccuracy">Accuracy on the validation rows (classification losses), or null.</param>
[Immutable]
[GenerateSerializer]
[Alias("BigDL.Grains.TrainingEpochMetrics")]
public sealed record TrainingEpochMetrics([Id(0)] int Epoch, [Id(1)] double TrainLoss, [Id(2)] double? ValidationLoss, [Id(3)] double? ValidationAccuracy = null);

/// <summary>Throughput and where a step's time goes, measured by the replicas.</summary>
/// <param name="SamplesPerSecond">Rows trained per wall-clock second over the job's rounds.</param>
/// <param name="ComputeMsPerStep">Mean forward/backward time per step (mean over replicas).</param>
/// <param name="SyncMsPerStep">Mean time per step spent pushing gradients and waiting for the updated slices.</param>
/// <param name="SyncRatio">Sync time over compute + sync.</param>
/// <param name="ReplicaStepMs">Mean step time of each replica (compute + sync); a straggler stands out here.</param>
[Immutable]
[GenerateSerializer]
[Alias("BigDL.Grains.TrainingTelemetry")]
public sealed record TrainingTelemetry([Id(0)] double SamplesPerSecond, [Id(1)] double ComputeMsPerStep, [Id(2)] double SyncMsPerStep, [Id(3)] double SyncRatio, [Id(4)] ImmutableArray<double> ReplicaStepMs)
{
    /// <summary>No measurements yet.</summary>
    public static TrainingTelemetry Empty { get; } = new(0, 0, 0, 0, []);
}

/// <summary>What <see cref="ITrainingJobGrain.WaitForEpochs"/> returns: the job's state and every epoch recorded so far.</summary>
/// <param name="State">Running, or how the job ended.</param>
/// <param name="Message">Why it ended, or null while running.</param>
/// <param name="Epochs">Per-epoch train (and validation) metrics, in epoch order.</param>
[Immutable]
[GenerateSerializer]
[Alias("BigDL.Grains.TrainingJobProgress")]
public sealed record TrainingJobProgress([Id(0)] TrainingJobState State, [Id(1)] string? Message, [Id(2)] ImmutableArray<TrainingEpochMetrics> Epochs);
