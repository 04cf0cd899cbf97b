namespace BigDL.Grains.Tests;

public sealed class TrainingRestartTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("bigdl-training-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task A_job_resumes_from_its_checkpoint_after_a_silo_restart_and_trains_as_if_never_stopped()
    {
        var store = Path.Combine(folder, "bigdl.db");
        var spec = TrainingJobs.MlpJob(replicas: 2, shards: 2, epochs: 600, checkpointInterval: 8) with
        {
            Dataset = TrainingJobs.MlpJob(1).Dataset with { ValidationRows = 0 },
        };

        TrainingJobStatus reference;
        await using (var silo = await Silos.StartAsync())
        {
            reference = await TrainingJobs.RunAsync(silo.Client, "resumed", spec);
        }

        var first = await Silos.StartAsync(store);
        var job = first.Client.GetGrain<ITrainingJobGrain>("resumed");
        await job.Start(spec);
        var before = await Eventually.MatchesAsync(job.GetStatus, s => s.CheckpointStep >= 16, "two checkpoints were written");
        await first.DisposeAsync();

        await using var second = await Silos.StartAsync(store);
        job = second.Client.GetGrain<ITrainingJobGrain>("resumed");
        var after = await Eventually.MatchesAsync(job.GetStatus, s => s.State != TrainingJobState.Running, "the resumed job ended");

        Assert.Equal(TrainingJobState.Running, before.State);
        Assert.Equal(TrainingJobState.Completed, after.State);
        Assert.True(after.ResumedFrom is >= 16 and < 4800, $"resumed from {after.ResumedFrom}");
        TrainingJobs.AssertSameLosses(reference.StepLosses, after.StepLosses, relative: 1e-6);
    }

    [Fact]
    public async Task A_job_resumes_after_a_restart_without_any_client_call()
    {
        var store = Path.Combine(folder, "bigdl.db");
        var fastReminders = ServiceSilo.MinimumReminderPeriod(TimeSpan.FromMilliseconds(200));
        var spec = TrainingJobs.MlpJob(replicas: 2, shards: 2, epochs: 600, checkpointInterval: 8) with
        {
            Dataset = TrainingJobs.MlpJob(1).Dataset with { ValidationRows = 0 },
        };
        var first = await Silos.StartAsync(store, fastReminders);
        var job = first.Client.GetGrain<ITrainingJobGrain>("unasked");
        await job.Start(spec);
        await Eventually.MatchesAsync(job.GetStatus, s => s.CheckpointStep >= 16, "two checkpoints were written");
        await first.DisposeAsync();

        await using var second = await Silos.StartAsync(store, fastReminders);

        // Only the reminder can wake the driver: the test watches a shard, never the job, until the last step is applied.
        var shard = second.Client.GetGrain<IParameterShardGrain>("unasked/0");
        await Eventually.MatchesAsync(() => shard.GetSlice(spec, 0), s => s.StepsApplied == 4800, "the shard applied every step");
        var status = await Eventually.MatchesAsync(second.Client.GetGrain<ITrainingJobGrain>("unasked").GetStatus, s => s.State != TrainingJobState.Running, "the job ended");

        Assert.Equal(TrainingJobState.Completed, status.State);
        Assert.True(status.ResumedFrom >= 16, $"resumed from {status.ResumedFrom}");
    }
}
