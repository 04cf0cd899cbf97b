using BigDL.Orleans.Concurrency;
using BigDL.Orleans.Reminders;
using BigDL.Orleans.Serialization;

namespace BigDL.Orleans.Grains;

/// <summary>
/// The driver of one data-parallel training job: validates the spec, schedules rounds of steps on the replicas, collects
/// losses and telemetry, and ends the job completed, diverged or failed. A durable reminder resumes a running job
/// after a restart without any client call.
/// </summary>
public interface ITrainingJobGrain : IGrainWithStringKey, IRemindable
{
    /// <summary>Validates the spec (a <see cref="TrainingSpecException"/> names a bad option) and starts training in the background.</summary>
    Task Start(TrainingJobSpec spec);

    /// <summary>Gets the job's progress, losses and telemetry.</summary>
    [AlwaysInterleave]
    Task<TrainingJobStatus> GetStatus();

    /// <summary>Gets the current flat parameter vector, assembled from the shards.</summary>
    Task<Immutable<float[]>> GetWeights();
}
