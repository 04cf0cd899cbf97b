namespace BigDL.Grains.Tests;

public sealed class DataParallelTests
{
    [Fact]
    public async Task Four_replicas_give_the_same_loss_per_step_as_one_replica()
    {
        await using var silo = await Silos.StartAsync();
        var one = await TrainingJobs.RunAsync(silo.Client, "dp-1", TrainingJobs.MlpJob(replicas: 1, shards: 1));
        var four = await TrainingJobs.RunAsync(silo.Client, "dp-4", TrainingJobs.MlpJob(replicas: 4, shards: 3));

        Assert.Equal(TrainingJobState.Completed, one.State);
        Assert.Equal(TrainingJobState.Completed, four.State);
        Assert.Equal(16, one.StepLosses.Length);
        TrainingJobs.AssertSameLosses(one.StepLosses, four.StepLosses);
        Assert.True(one.StepLosses[^1] < one.StepLosses[0], $"the loss did not fall: {one.StepLosses[0]} → {one.StepLosses[^1]}");
    }

    [Fact]
    public async Task Eight_steps_per_round_train_exactly_like_one_step_per_round()
    {
        await using var silo = await Silos.StartAsync();
        var single = await TrainingJobs.RunAsync(silo.Client, "group-1", TrainingJobs.MlpJob(replicas: 2, shards: 2));
        var grouped = await TrainingJobs.RunAsync(silo.Client, "group-8", TrainingJobs.MlpJob(replicas: 2, shards: 2, stepsPerRound: 8));

        Assert.Equal(TrainingJobState.Completed, grouped.State);
        TrainingJobs.AssertSameLosses(single.StepLosses, grouped.StepLosses, relative: 1e-6);
    }

    [Fact]
    public async Task A_completed_job_reports_epoch_metrics_and_telemetry_per_replica()
    {
        await using var silo = await Silos.StartAsync();
        var status = await TrainingJobs.RunAsync(silo.Client, "telemetry", TrainingJobs.MlpJob(replicas: 4, shards: 2, stepsPerRound: 4));

        Assert.Equal(TrainingJobState.Completed, status.State);
        Assert.Equal([1, 2], status.Epochs.Select(e => e.Epoch));
        Assert.All(status.Epochs, e => Assert.True(e.ValidationLoss is > 0 and < 10, $"epoch {e.Epoch} validation loss {e.ValidationLoss}"));
        var t = status.Telemetry;
        Assert.True(t.SamplesPerSecond > 0, "samples/s");
        Assert.True(t.ComputeMsPerStep > 0, "compute time");
        Assert.True(t.SyncRatio is > 0 and < 1, $"sync ratio {t.SyncRatio}");
        Assert.Equal(4, t.ReplicaStepMs.Length);
        Assert.All(t.ReplicaStepMs, ms => Assert.True(ms > 0));
    }

    [Fact]
    public async Task The_trained_weights_come_back_assembled_from_every_shard()
    {
        await using var silo = await Silos.StartAsync();
        await TrainingJobs.RunAsync(silo.Client, "weights", TrainingJobs.MlpJob(replicas: 2, shards: 3, epochs: 1));
        var weights = (await silo.Client.GetGrain<ITrainingJobGrain>("weights").GetWeights()).Value;

        var initial = BigDL.Compute.Serialization.ModelDescription.FromJson(TrainingJobs.MlpJson);
        initial.Build(11);
        Assert.Equal(initial.Parameters.Length, weights.Length);
        Assert.NotEqual(initial.Parameters.Values, weights);
    }
}
