using System.Collections.Immutable;

namespace BigDL.Grains;

/// <summary>
/// One slice of a job's flat parameter vector and the optimizer state of that slice (keyed <c>{job}/{index}</c>):
/// averages the replicas' gradient chunks of a step and runs the optimizer on its slice.
/// </summary>
[Alias("BigDL.Grains.IParameterShardGrain")]
public interface IParameterShardGrain : IGrainWithStringKey
{
    /// <summary>
    /// Gets the slice's current values and the number of steps applied (all-gather). Interleaves: one replica pulls while
    /// another's push of the round's first step already waits here.
    /// </summary>
    [AlwaysInterleave]
    Task<ShardSlice> GetSlice(TrainingJobSpec spec, int index);

    /// <summary>
    /// Gets the slice as it was after <paramref name="step"/> steps: the current one, or the one before the last step (which
    /// a replica re-running a step the shard already applied needs).
    /// </summary>
    [AlwaysInterleave]
    Task<ShardSlice> GetSliceAt(TrainingJobSpec spec, int index, long step);

    /// <summary>
    /// Adds one replica's chunk for a step (reduce-scatter); answers once all replicas' chunks of that step arrived and the
    /// optimizer ran, with the updated slice. A chunk the shard already has (a re-run step) is not added again.
    /// Interleaves, since it waits for the other replicas' pushes.
    /// </summary>
    [AlwaysInterleave]
    Task<ShardSlice> Push(ShardPush push);

    /// <summary>
    /// Gets the global batch loss of each step from <paramref name="fromStep"/> on (NaN where unknown), and forgets those
    /// before <paramref name="forgetBefore"/> (the steps whose losses the caller has stored; later ones go into checkpoints).
    /// </summary>
    [AlwaysInterleave]
    Task<ImmutableArray<double>> GetStepLosses(TrainingJobSpec spec, int index, long fromStep, long forgetBefore);

    /// <summary>Writes a checkpoint of the current slice (the driver saves the final weights so they outlive the activation).</summary>
    Task<ShardSlice> Save(TrainingJobSpec spec, int index);

    /// <summary>
    /// Rolls the slice, its optimizer state and its unstored step losses back to the checkpoint of <paramref name="step"/>
    /// (the shard's last or the one before it; 0 is the initial weights), fails the pushes waiting here, and from then on
    /// takes pushes of <paramref name="generation"/> only, so rounds started before the rollback cannot change the slice.
    /// </summary>
    [AlwaysInterleave]
    Task<ShardSlice> Restore(TrainingJobSpec spec, int index, long step, int generation);

    /// <summary>
    /// Drops the shard's state without saving, as its silo's death would: pushes waiting here fail, and the next call
    /// reloads the shard from its last checkpoint (the driver then rolls every shard of the job back to a common one).
    /// </summary>
    [AlwaysInterleave]
    Task Release();
}

/// <summary>A replica's gradient chunk for one step, already weighted by its share of the global batch.</summary>
/// <param name="Spec">The job's spec.</param>
/// <param name="Index">The shard's index.</param>
/// <param name="Step">The 0-based step.</param>
/// <param name="Replica">The sender.</param>
/// <param name="Chunk">Gradient values of the shard's slice.</param>
/// <param name="Finite">False when the replica's loss was not finite.</param>
/// <param name="LossSum">The replica's loss summed over its rows of the step (the shard divides the total by the global batch).</param>
/// <param name="Generation">The job's rollback generation the round belongs to; a shard refuses pushes of any other.</param>
/// <param name="Ranges">
/// Null when <paramref name="Chunk"/> is the whole slice's gradient; else (offset, length) pairs, increasing and apart, of
/// the slice's gradient values the step may have made non-zero, which <paramref name="Chunk"/> holds packed from its
/// start (the rest is zero: the embedding rows a batch does not touch).
/// </param>
/// <param name="Wanted">
/// Null to be answered with the whole updated slice; else (offset, length) pairs, increasing and apart, of the parts of
/// it the sender's next step uses, which the answer then holds packed (<see cref="ShardSlice.Ranges"/>): a replica on
/// another silo asks for those rather than have the whole slice sent.
/// </param>
[Immutable]
[GenerateSerializer]
[Alias("BigDL.Grains.ShardPush")]
public sealed record ShardPush(
    [Id(0)] TrainingJobSpec Spec, [Id(1)] int Index, [Id(2)] long Step, [Id(3)] int Replica, [Id(4)] Immutable<float[]> Chunk, [Id(5)] bool Finite, [Id(6)] double LossSum = 0, [Id(7)] int Generation = 0,
    [Id(8)] Immutable<int[]>? Ranges = null, [Id(9)] Immutable<int[]>? Wanted = null);

/// <summary>A shard's slice after <see cref="StepsApplied"/> steps; <see cref="Diverged"/> when a step was refused.</summary>
/// <param name="Offset">The slice's offset in the flat vector.</param>
/// <param name="Values">The slice's values (read-only to the receiver).</param>
/// <param name="StepsApplied">Steps applied so far.</param>
/// <param name="Diverged">Whether the last pushed step had non-finite gradients and was not applied.</param>
/// <param name="CheckpointStep">The step of the shard's last checkpoint.</param>
/// <param name="Silo">The silo the shard's activation runs on.</param>
/// <param name="Ranges">
/// Null when <paramref name="Values"/> is the whole slice; else the (offset in the slice, length) pairs a push asked for
/// (<see cref="ShardPush.Wanted"/>), whose values <paramref name="Values"/> holds packed in that order.
/// </param>
[Immutable]
[GenerateSerializer]
[Alias("BigDL.Grains.ShardSlice")]
public sealed record ShardSlice(
    [Id(0)] int Offset, [Id(1)] Immutable<float[]> Values, [Id(2)] long StepsApplied, [Id(3)] bool Diverged, [Id(4)] long CheckpointStep, [Id(5)] string? Silo = null, [Id(6)] Immutable<int[]>? Ranges = null);
