
namespace BigDL.Grains;

/// <summary>
/// The driver of one data-parallel training job: validates the spec, schedules rounds of steps on the replicas, collects
/// losses and telemetry, and ends the job completed, diverged or failed; then scores data across the replicas with the
/// trained weights. A durable reminder resumes a running job after a restart without any client call.
/// </summary>
[Alias("BigDL.Grains.ITrainingJobGrain")]
public interface ITrainingJobGrain : IGrainWithStringKey
{
    /// <summary>
    /// Validates the spec and, for a table, reads it, fits the transforms on the training rows and checks every column
    /// (a <see cref="TrainingSpecException"/> names the option, file, row or column at fault); then trains in the background.
    /// </summary>
    Task Start(TrainingJobSpec spec);

    /// <summary>Gets the job's progress, losses and telemetry.</summary>
    [AlwaysInterleave]
    Task<TrainingJobStatus> GetStatus();

    /// <summary>
    /// Waits until the job has recorded more than <paramref name="knownEpochs"/> epochs or has ended, or until
    /// <paramref name="timeout"/> passes, and returns its state and epochs (a long poll: call it again to follow a job).
    /// </summary>
    [AlwaysInterleave]
    Task<TrainingJobProgress> WaitForEpochs(int knownEpochs, TimeSpan timeout);

    /// <summary>
    /// Stops a running job at its next step boundary (the job ends <see cref="TrainingJobState.Stopped"/> with
    /// <paramref name="reason"/>) and returns once it has stopped; a job that already ended is left as it is, and a
    /// job not started yet is marked stopped so that it never starts.
    /// </summary>
    [AlwaysInterleave]
    Task Stop(string reason);

    /// <summary>Gets the current flat parameter vector, assembled from the shards.</summary>
    Task<Immutable<float[]>> GetWeights();

    /// <summary>Loss (and accuracy, for classification) of the trained weights on <paramref name="data"/>, partitioned across the replicas.</summary>
    Task<EvaluationResult> Evaluate(TrainingDataSpec data);

    /// <summary>The trained model's outputs for every row of <paramref name="data"/>, in input order, partitioned across the replicas.</summary>
    Task<PredictionResult> Predict(TrainingDataSpec data);

    /// <summary>Batch scoring: predicts every row of <paramref name="input"/> across the replicas and writes them, in input order, to <paramref name="output"/>.</summary>
    Task<ScoringResult> Score(TrainingDataSpec input, ScoringOutputSpec output);
}
