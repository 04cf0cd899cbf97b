namespace BigDL.Grains.Tests;

public sealed class TrainingFailureTests
{
    [Fact]
    public async Task More_replicas_than_rows_is_rejected_naming_Replicas_before_training()
    {
        await using var silo = await Silos.StartAsync();
        var job = silo.Client.GetGrain<ITrainingJobGrain>("too-many-replicas");
        var spec = TrainingJobs.MlpJob(replicas: 4) with { Dataset = TrainingJobs.MlpJob(1).Dataset with { Rows = 3 }, GlobalBatchSize = 2 };

        var e = await Assert.ThrowsAsync<TrainingSpecException>(() => job.Start(spec));

        Assert.Equal("Replicas", e.Option);
        Assert.Contains("3 rows", e.Message, StringComparison.Ordinal);
        Assert.Equal(TrainingJobState.None, (await job.GetStatus()).State);
    }

    [Fact]
    public async Task A_global_batch_smaller_than_the_replica_count_is_rejected_naming_GlobalBatchSize()
    {
        await using var silo = await Silos.StartAsync();
        var job = silo.Client.GetGrain<ITrainingJobGrain>("small-batch");

        var e = await Assert.ThrowsAsync<TrainingSpecException>(() => job.Start(TrainingJobs.MlpJob(replicas: 4) with { GlobalBatchSize = 3 }));

        Assert.Equal("GlobalBatchSize", e.Option);
        Assert.Contains("Replicas (4)", e.Message, StringComparison.Ordinal);
        Assert.Equal(TrainingJobState.None, (await job.GetStatus()).State);
    }

    [Fact]
    public async Task An_unknown_optimizer_is_rejected_naming_the_option()
    {
        await using var silo = await Silos.StartAsync();
        var job = silo.Client.GetGrain<ITrainingJobGrain>("bad-optimizer");

        var e = await Assert.ThrowsAsync<TrainingSpecException>(() => job.Start(TrainingJobs.MlpJob(replicas: 1) with { Optimizer = new OptimizerSpec("rmsprop", 0.1) }));

        Assert.Equal("Optimizer.Kind", e.Option);
    }

    [Fact]
    public async Task A_diverging_job_stops_as_diverged_and_keeps_its_last_good_checkpoint()
    {
        await using var silo = await Silos.StartAsync();
        var status = await TrainingJobs.RunAsync(silo.Client, "diverges", TrainingJobs.MlpJob(replicas: 2, shards: 2, epochs: 4, learningRate: 1e30, checkpointInterval: 1));

        Assert.Equal(TrainingJobState.Diverged, status.State);
        Assert.Contains("NaN", status.Message, StringComparison.Ordinal);
        Assert.True(status.Step < status.TotalSteps, $"stopped at {status.Step} of {status.TotalSteps}");
        Assert.Equal(status.Step, status.CheckpointStep);
        var slice = await silo.Client.GetGrain<IParameterShardGrain>("diverges/0").GetSlice(TrainingJobs.MlpJob(replicas: 2, shards: 2, epochs: 4, learningRate: 1e30, checkpointInterval: 1), 0);
        Assert.True(slice.Diverged);
        Assert.Equal(status.Step, slice.CheckpointStep);
    }
}
