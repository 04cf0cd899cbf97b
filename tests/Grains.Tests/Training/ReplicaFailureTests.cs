using Orleans.Concurrency;

namespace BigDL.Grains.Tests;

/// <summary>A replica lost mid-training: only its share is re-run, on a re-activation that reloads its partition.</summary>
public sealed class ReplicaFailureTests : IClassFixture<TableJobs>
{
    readonly TableJobs tables;

    public ReplicaFailureTests(TableJobs tables)
    {
        this.tables = tables;
    }

    [Fact]
    public async Task A_replica_released_mid_training_is_re_activated_and_the_job_ends_as_if_undisturbed()
    {
        await using var silo = await Silos.StartAsync();
        // Two replicas: each shard sums two chunks, and a + b = b + a, so both runs are bit for bit the same.
        var spec = TableJobs.Job(TableJobs.Table(DataSourceSpec.Csv(tables.CsvPath)), replicas: 2, shards: 2, epochs: 1000, stepsPerRound: 4);
        var undisturbed = await TrainingJobs.RunAsync(silo.Client, "undisturbed", spec);

        var job = silo.Client.GetGrain<ITrainingJobGrain>("disturbed");
        await job.Start(spec);
        await Eventually.MatchesAsync(job.GetStatus, s => s.Step >= 20, "training passed step 20");

        // Released inside a round, the replica stops before its next step; between rounds, at the start of the next one.
        await silo.Client.GetGrain<IModelReplicaGrain>("disturbed/1").Release();
        var status = await Eventually.MatchesAsync(job.GetStatus, s => s.State != TrainingJobState.Running, "the job ended");

        Assert.Equal(TrainingJobState.Completed, status.State);
        Assert.True(status.ReplicaRetries >= 1, "the released replica's round was not re-run");
        TrainingJobs.AssertSameLosses(undisturbed.StepLosses, status.StepLosses, relative: 1e-9);
        Assert.Equal(undisturbed.Epochs[^1].ValidationAccuracy, status.Epochs[^1].ValidationAccuracy);
    }

    [Fact]
    public async Task A_shard_counts_a_re_pushed_chunk_once_and_serves_the_step_before_to_a_replica_re_running_it()
    {
        await using var silo = await Silos.StartAsync();
        var spec = TrainingJobs.MlpJob(replicas: 2) with { Optimizer = new OptimizerSpec("sgd", 1) };
        var shard = silo.Client.GetGrain<IParameterShardGrain>("protocol/0");
        var initial = (await shard.GetSlice(spec, 0)).Values.Value.ToArray();
        var ones = Enumerable.Repeat(1f, initial.Length).ToArray();
        ShardPush Push(int replica) => new(spec, 0, 0, replica, ones.AsImmutable(), true, LossSum: 10);

        // Replica 0 pushes step 0, is lost, and its re-activation pushes the same chunk again before replica 1 pushes.
        var first = shard.Push(Push(0));
        var again = shard.Push(Push(0));
        var other = await shard.Push(Push(1));
        await Task.WhenAll(first, again);

        Assert.Equal(1, other.StepsApplied);
        Assert.Equal(initial.Select(v => v - 2f), other.Values.Value); // lr 1 × (1 + 1): each replica's chunk once
        Assert.Equal([20.0 / spec.GlobalBatchSize], (await shard.GetStepLosses(spec, 0, 0, 0)).ToArray());

        // A replica re-running step 0 gets the weights before it, and its push of step 0 answers with the current slice.
        var before = await shard.GetSliceAt(spec, 0, 0);
        Assert.Equal(0, before.StepsApplied);
        Assert.Equal(initial, before.Values.Value);
        var replayed = await shard.Push(Push(1));
        Assert.Equal(1, replayed.StepsApplied);
        Assert.Equal(other.Values.Value, replayed.Values.Value);
        await Assert.ThrowsAnyAsync<Exception>(() => shard.GetSliceAt(spec, 0, 5));
    }
}
