using System.Collections.Immutable;
using System.Numerics.Tensors;
using BigDL.Cluster.Placement;
using BigDL.Compute.Optim;

namespace BigDL.Grains;

/// <summary>
/// Owns one slice of a job's flat parameters and that slice's optimizer state: sums the replicas' weighted gradient chunks
/// of a step (each already scaled by its share of the global batch, so the sum is the batch average), steps the optimizer,
/// and answers every replica with the updated slice. Checkpoints slice, optimizer state and step every N steps.
/// </summary>
/// <remarks>
/// The slice goes back as an <see cref="Immutable{T}"/> without a copy: the shard changes it only when all replicas have
/// pushed the next step, and each replica copies it into its model before pushing. A step whose gradients are not finite
/// is not applied and the shard stays diverged, so its last checkpoint remains the last good one.
/// A replica lost mid-step may have pushed its chunk to some shards and not others; its re-activation re-runs the step.
/// So the shard keeps the slice from before its last step (the re-run needs those weights where this shard is already a
/// step ahead), answers a push of that step with the current slice, and counts each replica's chunk of a step once.
/// A shard lost on its own comes back at its last checkpoint while its peers are further on; the driver then rolls every
/// shard back to their common checkpoint (<see cref="Restore"/>) under a new generation, and pushes of rounds from before
/// the rollback are refused.
/// </remarks>
[SpreadPlacement]
public sealed class ParameterShardGrain([PersistentState("shard")] IPersistentState<ShardCheckpoint> checkpoint) : Grain, IParameterShardGrain
{
    float[] values = [];
    float[] previous = [];
    float[] sum = [];
    bool[] pushed = [];
    int offset;
    Optimizer? optimizer;
    TrainingJobSpec? spec;
    long applied;
    bool hasPrevious;
    long pendingStep = -1;
    int received;
    bool finite;
    double lossSum;
    bool diverged;
    TaskCompletionSource<ShardSlice>? pending;
    readonly List<double> losses = [];
    long lossesFrom;
    int generation;
    Task checkpointWrite = Task.CompletedTask;

    /// <inheritdoc/>
    public Task<ShardSlice> GetSlice(TrainingJobSpec spec, int index)
    {
        EnsureInitialized(spec, index);
        return Task.FromResult(Slice());
    }

    /// <inheritdoc/>
    public Task<ShardSlice> GetSliceAt(TrainingJobSpec spec, int index, long step)
    {
        EnsureInitialized(spec, index);
        if (step == applied || diverged)
        {
            return Task.FromResult(Slice());
        }

        if (step == applied - 1 && hasPrevious)
        {
            return Task.FromResult(new ShardSlice(offset, previous.AsImmutable(), step, false, checkpoint.State.Step, RuntimeIdentity));
        }

        throw new InvalidOperationException($"shard {this.GetPrimaryKeyString()} is at step {applied}; it no longer has step {step}'s slice");
    }

    /// <inheritdoc/>
    public async Task<ShardSlice> Push(ShardPush push)
    {
        ArgumentNullException.ThrowIfNull(push);
        var slice = await PushAsync(push);
        return push.Wanted is { } wanted && !slice.Diverged ? Packed(slice, wanted.Value) : slice;
    }

    // The answer to a push: the slice of the step it completed (or, refused or re-run, the current one).
    async Task<ShardSlice> PushAsync(ShardPush push)
    {
        EnsureInitialized(push.Spec, push.Index);
        if (push.Wanted is { } wanted && RangesError(wanted.Value, values.Length) is { } wantedError)
        {
            throw new ArgumentException($"shard {this.GetPrimaryKeyString()}: wanted {wantedError}", nameof(push)); // before any answer packs them
        }

        if (push.Generation != generation)
        {
            throw new InvalidOperationException(
                $"shard {this.GetPrimaryKeyString()} is in generation {generation} of the job; a push of generation {push.Generation} comes from a round the job rolled back (or this shard was lost since its rollback)");
        }

        if (diverged || (push.Step == applied - 1 && hasPrevious))
        {
            return Slice(); // diverged: refused; one step behind: a re-run of a step this shard already applied
        }

        if (push.Step != applied)
        {
            throw new InvalidOperationException($"shard {this.GetPrimaryKeyString()}: got step {push.Step}'s gradients, expected step {applied}");
        }

        if (push.Ranges is null && push.Chunk.Value.Length != values.Length)
        {
            throw new ArgumentException($"shard {this.GetPrimaryKeyString()}: chunk of {push.Chunk.Value.Length} floats, slice of {values.Length}", nameof(push));
        }

        if (push.Ranges is { } ranges && RangesError(ranges.Value, push.Chunk.Value.Length) is { } error)
        {
            throw new ArgumentException($"shard {this.GetPrimaryKeyString()}: {error}", nameof(push));
        }

        if (push.Replica < 0 || push.Replica >= pushed.Length)
        {
            throw new ArgumentException($"shard {this.GetPrimaryKeyString()}: replica {push.Replica} of {pushed.Length}", nameof(push));
        }

        if (pendingStep != push.Step)
        {
            pendingStep = push.Step;
            received = 0;
            finite = true;
            lossSum = 0;
            Array.Clear(sum);
            Array.Clear(pushed);
            pending = new TaskCompletionSource<ShardSlice>(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        var done = pending!.Task; // set just above for a new step
        if (pushed[push.Replica])
        {
            return await done; // the same chunk again (the replica re-ran the step): already summed
        }

        pushed[push.Replica] = true;
        AddChunk(push);
        finite &= push.Finite;
        lossSum += push.LossSum;
        if (++received == push.Spec.Replicas)
        {
            await ApplyAsync();
        }

        return await done;
    }

    /// <inheritdoc/>
    public Task<ImmutableArray<double>> GetStepLosses(TrainingJobSpec spec, int index, long fromStep, long forgetBefore)
    {
        EnsureInitialized(spec, index);
        var drop = (int)Math.Clamp(forgetBefore - lossesFrom, 0, losses.Count);
        losses.RemoveRange(0, drop);
        lossesFrom += drop;
        var unknown = (int)Math.Max(0, lossesFrom - fromStep); // forgotten, or from before the restored checkpoint
        var skip = (int)Math.Clamp(fromStep - lossesFrom, 0, losses.Count);
        return Task.FromResult<ImmutableArray<double>>([.. Enumerable.Repeat(double.NaN, unknown), .. losses.Skip(skip)]);
    }

    /// <inheritdoc/>
    public async Task<ShardSlice> Save(TrainingJobSpec spec, int index)
    {
        EnsureInitialized(spec, index);
        if (!diverged && applied > checkpoint.State.Step)
        {
            await WriteCheckpointAsync();
        }

        return Slice();
    }

    /// <inheritdoc/>
    public async Task<ShardSlice> Restore(TrainingJobSpec spec, int index, long step, int generation)
    {
        EnsureInitialized(spec, index);
        var saved = checkpoint.State;
        var snapshot = step == saved.Step ? saved : step == saved.Previous?.Step ? saved.Previous : null;
        if (snapshot is null && step != 0)
        {
            throw new InvalidOperationException(
                $"shard {this.GetPrimaryKeyString()} has checkpoints of steps {saved.Step} and {saved.Previous?.Step ?? 0}; it cannot roll back to step {step}");
        }

        // From here on, pushes of earlier rounds are refused, and those waiting for the rest of their step fail.
        this.generation = generation;
        pending?.TrySetException(new InvalidOperationException($"shard {this.GetPrimaryKeyString()} rolled back to step {step}"));
        pending = null;
        pendingStep = -1;
        try
        {
            await checkpointWrite; // a step being checkpointed finishes writing before the state under it is replaced
        }
        catch (Exception)
        {
            // That checkpoint is not needed: the rollback writes or keeps its own.
        }

        Load(spec, index, snapshot);
        if (!ReferenceEquals(snapshot, saved) && (snapshot is not null || saved.Step > 0))
        {
            // Rolled back past the last checkpoint: the one restored becomes the last, so a later re-activation does not
            // come back ahead of the job on weights the rollback discarded.
            checkpoint.State = snapshot ?? new ShardCheckpoint();
            checkpoint.State.Generation = generation;
            await checkpoint.WriteStateAsync();
        }
        else if (saved.Generation != generation)
        {
            // Back to its own last checkpoint: stored again under the new generation, or a re-activation would come back in
            // the old one, refuse the job's rounds and take a stale round's pushes until yet another rollback.
            saved.Generation = generation;
            await checkpoint.WriteStateAsync();
        }

        return Slice();
    }

    /// <inheritdoc/>
    public Task Release()
    {
        pending?.TrySetException(new InvalidOperationException($"shard {this.GetPrimaryKeyString()} was released"));
        pending = null;
        pendingStep = -1;
        // Forgotten in place rather than deactivated: a shard under steady pushes is never idle, and the next call reloads
        // the last checkpoint exactly as a new activation would.
        spec = null;
        return Task.CompletedTask;
    }

    // A sparse chunk adds its packed values to their ranges only: the same sums, in the same order, as the dense chunk
    // (adding zero changes no sum), without a pass over the untouched rows.
    void AddChunk(ShardPush push)
    {
        var chunk = push.Chunk.Value;
        if (push.Ranges is not { } ranges)
        {
            TensorPrimitives.Add(sum, chunk, sum);
            return;
        }

        var pairs = ranges.Value;
        var packed = 0;
        for (var i = 0; i < pairs.Length; i += 2)
        {
            var target = sum.AsSpan(pairs[i], pairs[i + 1]);
            TensorPrimitives.Add(target, chunk.AsSpan(packed, pairs[i + 1]), target);
            packed += pairs[i + 1];
        }
    }

    // The parts of a slice a push asked for, packed: the slice is not changed until this replica pushes again, and this is
    // its answer, so they are those of the step answered.
    static ShardSlice Packed(ShardSlice slice, int[] pairs)
    {
        var length = 0;
        for (var i = 1; i < pairs.Length; i += 2)
        {
            length += pairs[i];
        }

        var packed = GC.AllocateUninitializedArray<float>(length);
        var source = slice.Values.Value;
        var at = 0;
        for (var i = 0; i < pairs.Length; i += 2)
        {
            source.AsSpan(pairs[i], pairs[i + 1]).CopyTo(packed.AsSpan(at));
            at += pairs[i + 1];
        }

        return slice with { Values = packed.AsImmutable(), Ranges = pairs.AsImmutable() };
    }

    // Why (offset, length) pairs cannot address this slice with `available` floats packed behind them, or null when they can.
    string? RangesError(int[] pairs, int available)
    {
        if (pairs.Length % 2 != 0)
        {
            return $"{pairs.Length} range bounds, not (offset, length) pairs";
        }

        long end = 0;
        long packed = 0;
        for (var i = 0; i < pairs.Length; i += 2)
        {
            if (pairs[i] < end || pairs[i + 1] <= 0 || (long)pairs[i] + pairs[i + 1] > values.Length)
            {
                return $"range ({pairs[i]}, {pairs[i + 1]}) is empty, overlaps or follows the one before, or is outside the slice of {values.Length}";
            }

            end = (long)pairs[i] + pairs[i + 1];
            packed += pairs[i + 1];
        }

        return packed > available ? $"ranges of {packed} floats, chunk of {available}" : null;
    }

    async Task ApplyAsync()
    {
        var done = pending!; // the step being applied; a rollback meanwhile replaces it
        if (finite && float.IsFinite(TensorPrimitives.Sum(sum)))
        {
            values.CopyTo(previous, 0);
            hasPrevious = true;
            optimizer!.Step(values, sum);
            applied++;
            losses.Add(lossSum / spec!.GlobalBatchSize);
            if (!float.IsFinite(TensorPrimitives.Sum(values)))
            {
                diverged = true;
            }
            else if (spec.CheckpointInterval > 0 && applied % spec.CheckpointInterval == 0)
            {
                await WriteCheckpointAsync();
            }
        }
        else
        {
            diverged = true;
        }

        done.TrySetResult(Slice());
    }

    Task WriteCheckpointAsync() => checkpointWrite = WriteCheckpointCoreAsync();

    async Task WriteCheckpointCoreAsync()
    {
        var last = checkpoint.State;
        last.Previous = null; // two checkpoints are kept, not a chain
        checkpoint.State = new ShardCheckpoint
        {
            Step = applied,
            Values = (float[])values.Clone(),
            OptimizerSteps = optimizer!.Steps,
            OptimizerState = optimizer.State.ToDictionary(s => s.Name, s => (float[])s.Values.Clone(), StringComparer.Ordinal),
            LossesFrom = lossesFrom,
            Losses = [.. losses],
            Generation = generation,
            Previous = last.Step > 0 ? last : null,
        };
        await checkpoint.WriteStateAsync();
    }

    ShardSlice Slice() => new(offset, values.AsImmutable(), applied, diverged, checkpoint.State.Step, RuntimeIdentity);

    void EnsureInitialized(TrainingJobSpec jobSpec, int index)
    {
        ArgumentNullException.ThrowIfNull(jobSpec);
        if (spec is not null)
        {
            return;
        }

        Load(jobSpec, index, checkpoint.State is { Step: > 0 } saved ? saved : null);
        generation = checkpoint.State.Generation;
        spec = jobSpec;
    }

    // The slice, optimizer (moments and step counter) and unstored losses as of a checkpoint, or the initial weights for null.
    void Load(TrainingJobSpec jobSpec, int index, ShardCheckpoint? saved)
    {
        var model = TrainingSetup.BuildModel(jobSpec);
        (offset, var length) = TrainingSetup.ShardRange(model.Parameters.Length, jobSpec.Shards, index);
        optimizer = TrainingSetup.CreateOptimizer(jobSpec.Optimizer);
        sum = new float[length];
        previous = new float[length];
        hasPrevious = false;
        pushed = new bool[jobSpec.Replicas];
        diverged = false;
        losses.Clear();
        lossesFrom = 0;
        applied = 0;
        if (saved is not null && saved.Values.Length == length)
        {
            values = (float[])saved.Values.Clone();
            applied = saved.Step;
            optimizer.RestoreSteps(saved.OptimizerSteps, length);
            foreach (var (name, buffer) in optimizer.State)
            {
                if (saved.OptimizerState.TryGetValue(name, out var stored) && stored.Length == buffer.Length)
                {
                    stored.CopyTo(buffer, 0);
                }
            }

            lossesFrom = saved.LossesFrom;
            losses.AddRange(saved.Losses);
        }
        else
        {
            values = model.Parameters.Values.AsSpan(offset, length).ToArray();
        }
    }
}
