using System.Collections.Immutable;
using BigDL.Orleans.Serialization;

namespace BigDL.Orleans.Grains;

/// <summary>
/// One replica of a job's model (keyed <c>{job}/{index}</c>), holding its data partition in memory: runs a round of
/// steps, each pulling the current slices from the shards and pushing its gradient chunks back.
/// </summary>
public interface IModelReplicaGrain : IGrainWithStringKey
{
    /// <summary>Runs <see cref="ReplicaRound.Steps"/> synchronous steps from <see cref="ReplicaRound.FirstStep"/>.</summary>
    Task<ReplicaRoundResult> RunSteps(ReplicaRound round);
}

/// <summary>A round for one replica.</summary>
/// <param name="Job">The job's key.</param>
/// <param name="Spec">The job's spec (the replica rebuilds its model and partition from it when it activates).</param>
/// <param name="Index">The replica's index, 0..P-1.</param>
/// <param name="FirstStep">The 0-based global step the round starts at.</param>
/// <param name="Steps">Steps in the round.</param>
[Immutable]
public sealed record ReplicaRound(string Job, TrainingJobSpec Spec, int Index, long FirstStep, int Steps);

/// <summary>What a replica measured in a round.</summary>
/// <param name="Index">The replica's index.</param>
/// <param name="Losses">Its loss at each step of the round (mean over its rows).</param>
/// <param name="Rows">Rows it trained on per step.</param>
/// <param name="ComputeSeconds">Time in forward/backward.</param>
/// <param name="SyncSeconds">Time pulling slices and pushing chunks.</param>
/// <param name="Diverged">Whether a shard refused a step because the loss or gradients were not finite.</param>
/// <param name="StepsApplied">Steps the shards applied in this round.</param>
[Immutable]
public sealed record ReplicaRoundResult(int Index, ImmutableArray<float> Losses, int Rows, double ComputeSeconds, double SyncSeconds, bool Diverged, int StepsApplied);
