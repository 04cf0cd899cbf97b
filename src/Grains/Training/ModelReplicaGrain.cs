using System.Diagnostics;
using System.Numerics.Tensors;
using BigDL.Cluster.Placement;
using BigDL.Compute.Nn;
using BigDL.Compute.Optim;
using BigDL.Compute.Training;

namespace BigDL.Grains;

/// <summary>
/// One replica of a job's model with its data partition in memory. A round: pull every shard's slice (all-gather), then
/// per step compute gradients on its rows of the global batch and push chunk s to shard s (reduce-scatter); each push
/// answers with the updated slice, which is the next step's all-gather. It also scores its partition of other data.
/// </summary>
/// <remarks>
/// Everything is rebuilt from the spec on activation (model, partition), so a re-activated replica trains on exactly
/// its old rows. A round resumes where the shards are: a replica lost mid-step and called again with the same round
/// re-runs only the steps the shards still wait for. A failed round also drops the activation, so the retry starts from
/// the spec and the partition rather than from a model with half-installed slices. Forward/backward runs on the
/// grain's turn, so P replicas use up to P cores of the silo. A step copies in, and pushes the gradients of, only the
/// parts of the parameters its rows use (<see cref="Model.ParameterRangesUsed"/>: an embedding's rows of the batch's
/// ids, every dense layer whole), so P replicas of an embedding model do not each pass over every row every step.
/// </remarks>
[SpreadPlacement]
public sealed partial class ModelReplicaGrain : Grain, IModelReplicaGrain
{
    Model? model;
    Trainer? trainer;
    ReplicaPartition? partition;
    BatchPlan? plan;
    (int Offset, int Length)[] slices = [];
    float[][] chunks = [];
    bool released;

    // The parts of the parameters the current step reads and writes gradients into; outside them the gradients are zero.
    // And those of the next step, which a shard on another silo is asked to answer with (its whole slice is not sent).
    List<(int Offset, int Length)> used = [];
    List<(int Offset, int Length)> usedNext = [];
    long usedNextStep = -1;

    // Set while a step's gradients may be non-zero outside what was packed (it failed between backward and packing).
    bool gradientsDirty;

    // The shards' answers to this activation's last push, where its last round ended well: the job's next round, when it
    // starts at that step in the same generation, begins from them instead of pulling every slice again (no shard can
    // have moved on without this replica's next push; one lost and restored since either refuses that push, as a pull
    // would have found it behind, or is back at that very step with its checkpoint of it; a rollback changes the generation).
    (int Generation, long Step, ShardSlice[] Slices)? held;

    /// <inheritdoc/>
    public async Task<ReplicaRoundResult> RunSteps(ReplicaRound round)
    {
        ArgumentNullException.ThrowIfNull(round);
        try
        {
            return await RunRoundAsync(round);
        }
        catch
        {
            DeactivateOnIdle();
            throw;
        }
    }

    /// <inheritdoc/>
    public Task Release()
    {
        // Deactivation follows the failed round (RunSteps' catch): a replica released between rounds fails the next one at
        // its start, so the driver re-runs it on a fresh activation either way.
        released = true;
        return Task.CompletedTask;
    }

    async Task<ReplicaRoundResult> RunRoundAsync(ReplicaRound round)
    {
        var spec = round.Spec;
        if (released)
        {
            throw new ReplicaReleasedException($"replica {this.GetPrimaryKeyString()} was released before step {round.FirstStep}");
        }

        var loaded = EnsurePartition(spec, round.Index);
        var net = model!; // EnsurePartition builds the model
        var parameters = net.Parameters;
        var shards = Shards(round.Job, spec);
        var syncStart = Stopwatch.GetTimestamp();
        var (start, pulled) = held is { } h && h.Step == round.FirstStep && h.Generation == round.Generation
            ? (h.Step, h.Slices)
            : await PullAsync(shards, spec, round);
        held = null; // kept again only when this round ends well
        long syncTicks = Stopwatch.GetTimestamp() - syncStart;
        long computeTicks = 0;
        long rows = 0;
        var end = round.FirstStep + round.Steps;
        ReplicaRoundResult Result(long step, bool diverged) =>
            new(round.Index, start, (int)(step - start), rows, Seconds(computeTicks), Seconds(syncTicks), diverged, loaded, RuntimeIdentity);

        if (!Accept(pulled, start))
        {
            return Result(start, diverged: true);
        }

        // The shards' current slices: each step copies from them only the parts it uses. They stay unchanged until every
        // replica (this one included) has pushed that step, and an activation whose round failed is dropped (RunSteps).
        var current = pulled;

        for (var step = start; step < end; step++)
        {
            if (released)
            {
                throw new ReplicaReleasedException($"replica {this.GetPrimaryKeyString()} was released before step {step}");
            }

            var computeStart = Stopwatch.GetTimestamp();
            var batch = plan!.RowsAt(step); // set with the partition
            var batchRows = batch.Length;
            var loss = 0f;
            var ranges = new int[slices.Length][];
            if (batchRows > 0)
            {
                if (gradientsDirty)
                {
                    parameters.ZeroGrad();
                }

                if (usedNextStep == step)
                {
                    (used, usedNext) = (usedNext, used); // worked out for the previous step's asks
                    usedNextStep = -1;
                }
                else
                {
                    net.ParameterRangesUsed(partition!.Data.Inputs, batch, used);
                }

                SparseGradient.Install(current, slices, used, parameters.Values);
                gradientsDirty = true;
                loss = trainer!.AccumulateGradients(partition!.Data, batch);
                var weight = (float)batchRows / spec.GlobalBatchSize;
                var next = 0;
                for (var s = 0; s < slices.Length; s++)
                {
                    ranges[s] = SparseGradient.Pack(parameters.Gradients, used, ref next, slices[s].Offset, slices[s].Length, weight, chunks[s]);
                }

                gradientsDirty = false;
            }
            else
            {
                // No row of this batch is in the partition: the shards still wait for this replica's (zero, so empty) share.
                Array.Fill(ranges, []);
            }

            rows += batchRows;
            var lossSum = (double)loss * batchRows;
            var pushes = new ShardPush[slices.Length];
            for (var k = 0; k < slices.Length; k++)
            {
                pushes[k] = new ShardPush(spec, k, step, round.Index, chunks[k].AsImmutable(), float.IsFinite(loss), lossSum, round.Generation, ranges[k].AsImmutable());
                if (current[k].Silo != RuntimeIdentity)
                {
                    // To another silo: only the packed floats travel, and the answer holds only what the next step uses.
                    pushes[k] = pushes[k] with { Chunk = chunks[k].AsSpan(0, PackedLength(ranges[k])).ToArray().AsImmutable(), Wanted = WantedNext(net, step + 1, k).AsImmutable() };
                }
            }

            var pushStart = Stopwatch.GetTimestamp();
            computeTicks += pushStart - computeStart;
            var updated = await Task.WhenAll(shards.Select((s, k) => s.Push(pushes[k])));
            syncTicks += Stopwatch.GetTimestamp() - pushStart;
            if (!Accept(updated, step + 1))
            {
                return Result(step, diverged: true);
            }

            current = updated;
        }

        held = (round.Generation, Math.Max(start, end), current);
        return Result(Math.Max(start, end), diverged: false);
    }

    // The parts of shard k's slice that step `next` uses, worked out once for all shards of the step.
    int[] WantedNext(Model net, long next, int k)
    {
        if (usedNextStep != next)
        {
            var batch = plan!.RowsAt(next);
            usedNext.Clear();
            if (batch.Length > 0)
            {
                net.ParameterRangesUsed(partition!.Data.Inputs, batch, usedNext);
            }

            usedNextStep = next;
        }

        return SparseGradient.Within(usedNext, slices[k].Offset, slices[k].Length);
    }

    static int PackedLength(int[] pairs)
    {
        var length = 0;
        for (var i = 1; i < pairs.Length; i += 2)
        {
            length += pairs[i];
        }

        return length;
    }

    // The slices as of the first step this call runs: the round's first, or for a re-run the first step some shard still
    // lacks this replica's chunk of. Shards are at most one step apart (a shard a step ahead applied it with this replica's
    // chunk); the ahead ones give the slice from before that step.
    static async Task<(long Start, ShardSlice[] Slices)> PullAsync(IParameterShardGrain[] shards, TrainingJobSpec spec, ReplicaRound round)
    {
        var pulled = await Task.WhenAll(shards.Select((s, i) => s.GetSlice(spec, i)));
        if (pulled.Any(s => s.Diverged))
        {
            return (round.FirstStep, pulled);
        }

        var start = pulled.Min(s => s.StepsApplied);
        var ahead = pulled.Max(s => s.StepsApplied);
        if (start < round.FirstStep || ahead > start + 1 || start > round.FirstStep + round.Steps)
        {
            throw new InvalidOperationException(
                $"the shards are at steps {string.Join(", ", pulled.Select(s => s.StepsApplied))}; a round from step {round.FirstStep} cannot run on them");
        }

        for (var i = 0; i < pulled.Length; i++)
        {
            if (pulled[i].StepsApplied != start)
            {
                pulled[i] = await shards[i].GetSliceAt(spec, i, start);
            }
        }

        return (start, pulled);
    }

    // Checks the shards' slices are those of the expected step; false when a shard refused a step as diverged.
    static bool Accept(ShardSlice[] slices, long expectedStep)
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
        }

        return true;
    }

    IParameterShardGrain[] Shards(string job, TrainingJobSpec spec) =>
        [.. Enumerable.Range(0, spec.Shards).Select(s => GrainFactory.GetGrain<IParameterShardGrain>($"{job}/{s}"))];

    // True when this call loaded the partition (a new or re-activated replica).
    bool EnsurePartition(TrainingJobSpec spec, int index)
    {
        EnsureModel(spec);
        if (partition is not null)
        {
            return false;
        }

        partition = ReplicaPartition.Load(spec, index);
        plan = new BatchPlan(partition, spec.GlobalBatchSize, spec.Seed);
        return true;
    }

    void EnsureModel(TrainingJobSpec spec)
    {
        if (model is not null)
        {
            return;
        }

        model = TrainingSetup.BuildModel(spec);
        slices = [.. Enumerable.Range(0, spec.Shards).Select(s => TrainingSetup.ShardRange(model.Parameters.Length, spec.Shards, s))];
        chunks = [.. slices.Select(s => new float[s.Length])];

        // The replica never steps: the optimizer here only satisfies the trainer; the shards own the real ones.
        trainer = new Trainer(model, TrainingSetup.CreateLoss(spec.Loss), new Sgd(1));
    }

    static double Seconds(long ticks) => (double)ticks / Stopwatch.Frequency;
}
