using Orleans.Concurrency;

namespace BigDL.Grains.Tests;

/// <summary>A shard lost mid-training: every shard rolls back to their common checkpoint and the job carries on.</summary>
public sealed class ShardFailureTests
{
    [Fact]
    public async Task A_shard_lost_mid_training_rolls_every_shard_back_to_the_last_checkpoint_and_the_job_ends_as_if_undisturbed()
    {
        await using var silo = await Silos.StartAsync();

        // Two replicas: each shard sums two chunks, and a + b = b + a, so a re-run from a checkpoint is bit for bit the same.
        var spec = TrainingJobs.MlpJob(replicas: 2, shards: 2, epochs: 1500, stepsPerRound: 2, checkpointInterval: 32);
        var undisturbed = await TrainingJobs.RunAsync(silo.Client, "undisturbed", spec);

        var job = silo.Client.GetGrain<ITrainingJobGrain>("disturbed");
        await job.Start(spec);
        await Eventually.MatchesAsync(job.GetStatus, s => s.Step >= 20, "training passed step 20");

        // Lost without saving, as with its silo, it comes back at its last checkpoint. Released just after one, it loses
        // nothing (and one step behind, the replicas re-run that step without a rollback): release it until it is behind by more.
        // Shard 0 is read before the release: it only moves forward, so that is a step it had at least when shard 1 came back.
        // Read after, it may be a step the job reached since, past a release that lost nothing (a gap that never existed).
        var shard0 = silo.Client.GetGrain<IParameterShardGrain>("disturbed/0");
        var shard1 = silo.Client.GetGrain<IParameterShardGrain>("disturbed/1");
        var lost = 0L;
        var seen = "";
        while (lost < 2 && (await job.GetStatus()).State == TrainingJobState.Running)
        {
            await Task.Delay(Random.Shared.Next(1, 15)); // releases at varied points of the step, not in lockstep with checkpoint writes
            var other = await shard0.GetSlice(spec, 0);
            await shard1.Release();
            var restored = await shard1.GetSlice(spec, 1);
            lost = other.StepsApplied - restored.StepsApplied;
            seen = $"shard 1 came back at step {restored.StepsApplied} (checkpoint {restored.CheckpointStep}), shard 0 was at {other.StepsApplied} before";
        }

        Assert.True(lost >= 2, "every release came right after a checkpoint; the shard never lost a step");
        var status = await Eventually.MatchesAsync(job.GetStatus, s => s.State != TrainingJobState.Running, "the job ended");

        Assert.Equal(TrainingJobState.Completed, status.State);
        Assert.True(status.Rollbacks >= 1, $"the shards were not rolled back: {seen}; {status.ReplicaRetries} replica retries");
        Assert.True(status.ResumedFrom is >= 0 and < 12000 && status.ResumedFrom % 32 == 0, $"rolled back to step {status.ResumedFrom}, not to a checkpoint");
        TrainingJobs.AssertSameLosses(undisturbed.StepLosses, status.StepLosses, relative: 1e-9);
        Assert.Equal(undisturbed.Epochs.Select(e => e.ValidationAccuracy), status.Epochs.Select(e => e.ValidationAccuracy));
        Assert.Equal((await silo.Client.GetGrain<ITrainingJobGrain>("undisturbed").GetWeights()).Value, (await job.GetWeights()).Value);
    }

    [Fact]
    public async Task A_shard_rolled_back_to_its_own_last_checkpoint_and_then_lost_comes_back_in_the_new_generation()
    {
        await using var silo = await Silos.StartAsync();
        var spec = TrainingJobs.MlpJob(replicas: 1, checkpointInterval: 1) with { Optimizer = new OptimizerSpec("sgd", 1) };
        var shard = silo.Client.GetGrain<IParameterShardGrain>("kept/0");
        var length = (await shard.GetSlice(spec, 0)).Values.Value.Length;
        ShardPush Push(long step, int generation) =>
            new(spec, 0, step, 0, Enumerable.Repeat(1f, length).ToArray().AsImmutable(), true, LossSum: 1, Generation: generation);
        for (var step = 0; step < 3; step++)
        {
            await shard.Push(Push(step, 0));
        }

        // The common checkpoint is this shard's last (step 3): nothing to restore, but the generation is the job's new one.
        await shard.Restore(spec, 0, 3, generation: 1);
        await shard.Release();
        var again = await shard.GetSlice(spec, 0);

        Assert.Equal(3, again.StepsApplied);
        await Assert.ThrowsAnyAsync<InvalidOperationException>(() => shard.Push(Push(3, 0)));
        Assert.Equal(4, (await shard.Push(Push(3, 1))).StepsApplied);
    }

    [Fact]
    public async Task A_restored_shard_refuses_pushes_of_rounds_from_before_the_rollback_and_steps_it_has_no_checkpoint_of()
    {
        await using var silo = await Silos.StartAsync();
        var spec = TrainingJobs.MlpJob(replicas: 1, checkpointInterval: 1) with { Optimizer = new OptimizerSpec("sgd", 1) };
        var shard = silo.Client.GetGrain<IParameterShardGrain>("rollback/0");
        var initial = (await shard.GetSlice(spec, 0)).Values.Value.ToArray();
        var ones = Enumerable.Repeat(1f, initial.Length).ToArray();
        float[] After(int steps) => [.. initial.Select(v =>
        {
            for (var i = 0; i < steps; i++)
            {
                v -= 1f; // lr 1 × a gradient of ones, one step at a time as the optimizer does
            }

            return v;
        })];
        ShardPush Push(long step, int generation) => new(spec, 0, step, 0, ones.AsImmutable(), true, LossSum: 1, Generation: generation);
        for (var step = 0; step < 3; step++)
        {
            await shard.Push(Push(step, 0));
        }

        // Checkpoints of steps 3 and 2 are kept: back to 2, the slice is the one after two steps of lr 1 × ones.
        var restored = await shard.Restore(spec, 0, 2, generation: 1);
        Assert.Equal(2, restored.StepsApplied);
        Assert.Equal(After(2), restored.Values.Value);

        // A round from before the rollback pushes nothing any more; the new generation's round goes on from step 2.
        await Assert.ThrowsAnyAsync<InvalidOperationException>(() => shard.Push(Push(2, 0)));
        var next = await shard.Push(Push(2, 1));
        Assert.Equal(3, next.StepsApplied);
        Assert.Equal(After(3), next.Values.Value);

        // Step 1's checkpoint was dropped when step 3's was written; step 0 is always the initial weights.
        await Assert.ThrowsAnyAsync<InvalidOperationException>(() => shard.Restore(spec, 0, 1, generation: 2));
        var start = await shard.Restore(spec, 0, 0, generation: 2);
        Assert.Equal(0, start.StepsApplied);
        Assert.Equal(initial, start.Values.Value);

        // Lost now, it comes back at its stored checkpoint: the rollback to 0 was stored, not the steps before it.
        await shard.Release();
        var again = await shard.GetSlice(spec, 0);
        Assert.Equal(0, again.StepsApplied);
        Assert.Equal(initial, again.Values.Value);
    }
}
