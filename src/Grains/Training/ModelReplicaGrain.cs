using System.Collections.Immutable;
using System.Diagnostics;
using System.Numerics.Tensors;
using BigDL.Orleans.Compute.Optim;
using BigDL.Orleans.Compute.Training;
using BigDL.Orleans.Serialization;

namespace BigDL.Orleans.Grains;

/// <summary>
/// One replica of a job's model with its data partition in memory. A round: pull every shard's slice (all-gather), then
/// per step compute gradients on its share of the global batch and push chunk s to shard s (reduce-scatter); each push
/// answers with the updated slice, which is the next step's all-gather.
/// </summary>
/// <remarks>
/// Everything is rebuilt from the spec on activation (model, partition), so a re-activated replica trains on exactly
/// its old rows. Forward/backward runs on the grain's turn, so P replicas use up to P cores of the silo.
/// </remarks>
public sealed class ModelReplicaGrain : Grain, IModelReplicaGrain
{
    Trainer? trainer;
    Dataset? partition;
    int rowsPerStep;
    int[] rowIndex = [];
    (int Offset, int Length)[] slices = [];
    float[][] chunks = [];
    int[]? epochOrder;
    long epochOfOrder = -1;

    /// <inheritdoc/>
    public async Task<ReplicaRoundResult> RunSteps(ReplicaRound round)
    {
        ArgumentNullException.ThrowIfNull(round);
        var spec = round.Spec;
        EnsureInitialized(spec, round.Index);
        var model = trainer!.Model; // set by EnsureInitialized
        var shards = Enumerable.Range(0, spec.Shards).Select(s => GrainFactory.GetGrain<IParameterShardGrain>($"{round.Job}/{s}")).ToArray();
        var weight = (float)rowsPerStep / spec.GlobalBatchSize;
        var losses = ImmutableArray.CreateBuilder<float>(round.Steps);
        long computeTicks = 0;
        var syncStart = Stopwatch.GetTimestamp();
        var pulled = await Task.WhenAll(shards.Select((s, i) => s.GetSlice(spec, i)));
        long syncTicks = Stopwatch.GetTimestamp() - syncStart;
        if (!Install(pulled, round.FirstStep, model.Parameters.Values))
        {
            return Result(round, losses, computeTicks, syncTicks, diverged: true, applied: 0);
        }

        for (var i = 0; i < round.Steps; i++)
        {
            var step = round.FirstStep + i;
            var computeStart = Stopwatch.GetTimestamp();
            var batch = TrainingData.BatchAt(spec, step, ref epochOrder, ref epochOfOrder);
            var loss = trainer.ComputeGradients(partition!, rowIndex.AsSpan(batch * rowsPerStep, rowsPerStep));
            var gradients = model.Parameters.Gradients;
            for (var s = 0; s < slices.Length; s++)
            {
                TensorPrimitives.Multiply(gradients.AsSpan(slices[s].Offset, slices[s].Length), weight, chunks[s]);
            }

            var pushStart = Stopwatch.GetTimestamp();
            computeTicks += pushStart - computeStart;
            losses.Add(loss);
            var finite = float.IsFinite(loss);
            var updated = await Task.WhenAll(shards.Select((s, k) => s.Push(new ShardPush(spec, k, step, round.Index, chunks[k].AsImmutable(), finite))));
            syncTicks += Stopwatch.GetTimestamp() - pushStart;
            if (!Install(updated, step + 1, model.Parameters.Values))
            {
                return Result(round, losses, computeTicks, syncTicks, diverged: true, applied: i);
            }
        }

        return Result(round, losses, computeTicks, syncTicks, diverged: false, applied: round.Steps);
    }

    ReplicaRoundResult Result(ReplicaRound round, ImmutableArray<float>.Builder losses, long computeTicks, long syncTicks, bool diverged, int applied) =>
        new(round.Index, losses.ToImmutable(), rowsPerStep, (double)computeTicks / Stopwatch.Frequency, (double)syncTicks / Stopwatch.Frequency, diverged, applied);

    // Copies the shards' slices into the model; false when a shard refused a step as diverged.
    static bool Install(ShardSlice[] slices, long expectedStep, float[] values)
    {
        foreach (var slice in slices)
        {
            if (slice.Diverged)
            {
                return false;
            }

            if (slice.StepsApplied != expectedStep)
            {
                throw new InvalidOperationException($"a shard is at step {slice.StepsApplied}, the replica expected {expectedStep}");
            }

            slice.Values.Value.CopyTo(values, slice.Offset);
        }

        return true;
    }

    void EnsureInitialized(TrainingJobSpec spec, int index)
    {
        if (trainer is not null)
        {
            return;
        }

        var model = TrainingSetup.BuildModel(spec);
        partition = TrainingData.Partition(spec, index, out rowsPerStep);
        rowIndex = [.. Enumerable.Range(0, partition.Rows)];
        slices = [.. Enumerable.Range(0, spec.Shards).Select(s => TrainingSetup.ShardRange(model.Parameters.Length, spec.Shards, s))];
        chunks = [.. slices.Select(s => new float[s.Length])];

        // The replica never steps: the optimizer here only satisfies the trainer; the shards own the real ones.
        trainer = new Trainer(model, TrainingSetup.CreateLoss(spec.Loss), new Sgd(1));
    }
}
