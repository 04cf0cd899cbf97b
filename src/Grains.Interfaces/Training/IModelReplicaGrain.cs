
namespace BigDL.Grains;

/// <summary>
/// One replica of a job's model (keyed <c>{job}/{index}</c>), holding its data partition in memory: runs a round of
/// steps, each pulling the current slices from the shards and pushing its gradient chunks back; scores its partition
/// of data with the job's weights.
/// </summary>
[Alias("BigDL.Grains.IModelReplicaGrain")]
public interface IModelReplicaGrain : IGrainWithStringKey
{
    /// <summary>
    /// Runs the steps of <paramref name="round"/> this replica has not yet pushed: a re-activated replica called again with
    /// the same round reloads its partition and resumes at the first step the shards still wait for.
    /// </summary>
    Task<ReplicaRoundResult> RunSteps(ReplicaRound round);

    /// <summary>
    /// Gives up this activation: the round in progress stops before its next step (or the next round at its start) with
    /// <see cref="ReplicaReleasedException"/> and the activation deactivates; the driver's retry re-activates the replica,
    /// which reloads its partition (how a replica leaves a silo being drained).
    /// </summary>
    [AlwaysInterleave]
    Task Release();

    /// <summary>Evaluates or predicts this replica's partition of <see cref="ReplicaScoring.Data"/> with the shards' current weights.</summary>
    Task<ReplicaScore> Score(ReplicaScoring scoring);
}

/// <summary>A round for one replica.</summary>
/// <param name="Job">The job's key.</param>
/// <param name="Spec">The job's spec (the replica rebuilds its model and partition from it when it activates).</param>
/// <param name="Index">The replica's index, 0..P-1.</param>
/// <param name="FirstStep">The 0-based global step the round starts at.</param>
/// <param name="Steps">Steps in the round.</param>
/// <param name="Generation">The job's rollback generation: the shards take this round's pushes only while they are in it.</param>
[Immutable]
[GenerateSerializer]
[Alias("BigDL.Grains.ReplicaRound")]
public sealed record ReplicaRound([Id(0)] string Job, [Id(1)] TrainingJobSpec Spec, [Id(2)] int Index, [Id(3)] long FirstStep, [Id(4)] int Steps, [Id(5)] int Generation = 0);

/// <summary>What a replica measured in a round.</summary>
/// <param name="Index">The replica's index.</param>
/// <param name="FirstStep">The step this call started at (later than the round's first step when it resumed a failed round).</param>
/// <param name="StepsApplied">Steps the shards applied from <see cref="FirstStep"/> in this call.</param>
/// <param name="Rows">Rows it trained on, summed over those steps.</param>
/// <param name="ComputeSeconds">Time in forward/backward.</param>
/// <param name="SyncSeconds">Time pulling slices and pushing chunks (waiting for the other replicas included).</param>
/// <param name="Diverged">Whether a shard refused a step because the loss or gradients were not finite.</param>
/// <param name="Loaded">Whether this call loaded the partition (a new or re-activated replica).</param>
/// <param name="Silo">The silo the replica ran on.</param>
[Immutable]
[GenerateSerializer]
[Alias("BigDL.Grains.ReplicaRoundResult")]
public sealed record ReplicaRoundResult([Id(0)] int Index, [Id(1)] long FirstStep, [Id(2)] int StepsApplied, [Id(3)] long Rows, [Id(4)] double ComputeSeconds, [Id(5)] double SyncSeconds, [Id(6)] bool Diverged, [Id(7)] bool Loaded, [Id(8)] string? Silo = null);

/// <summary>A scoring request for one replica.</summary>
/// <param name="Job">The job's key (its shards hold the weights).</param>
/// <param name="Spec">The job's spec, with its fitted transforms.</param>
/// <param name="Index">Which partition of the data this replica scores, 0..Partitions-1.</param>
/// <param name="Partitions">Partitions the data is cut into (contiguous row ranges, so their concatenation is the input order).</param>
/// <param name="Data">The rows to score; null for the job's own validation rows.</param>
/// <param name="Predict">True: return the model's outputs; false: loss and accuracy against the labels.</param>
[Immutable]
[GenerateSerializer]
[Alias("BigDL.Grains.ReplicaScoring")]
public sealed record ReplicaScoring([Id(0)] string Job, [Id(1)] TrainingJobSpec Spec, [Id(2)] int Index, [Id(3)] int Partitions, [Id(4)] TrainingDataSpec? Data, [Id(5)] bool Predict);

/// <summary>One replica's share of a scoring.</summary>
/// <param name="Index">The partition scored.</param>
/// <param name="Rows">Rows scored.</param>
/// <param name="LossSum">Loss summed over the rows (evaluation only).</param>
/// <param name="Correct">Rows predicted right (evaluation of a classification loss), or NaN where accuracy does not apply.</param>
/// <param name="Outputs">Model outputs per row (prediction only).</param>
/// <param name="Predictions">The outputs, row after row (prediction only; empty otherwise).</param>
[Immutable]
[GenerateSerializer]
[Alias("BigDL.Grains.ReplicaScore")]
public sealed record ReplicaScore([Id(0)] int Index, [Id(1)] int Rows, [Id(2)] double LossSum, [Id(3)] double Correct, [Id(4)] int Outputs, [Id(5)] Immutable<float[]> Predictions);
