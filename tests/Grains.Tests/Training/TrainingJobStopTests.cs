namespace BigDL.Grains.Tests;

public sealed class TrainingJobStopTests : IAsyncLifetime
{
    ServiceSilo silo = null!; // set in InitializeAsync

    public async Task InitializeAsync() => silo = await Silos.StartAsync();

    public async Task DisposeAsync() => await silo.DisposeAsync();

    [Fact]
    public async Task A_stopped_job_ends_stopped_between_steps_and_keeps_the_weights_it_reached()
    {
        var job = silo.Client.GetGrain<ITrainingJobGrain>("stop-running");
        await job.Start(TrainingJobs.MlpJob(replicas: 2, epochs: 100_000));
        await Eventually.MatchesAsync(job.GetStatus, s => s.Step >= 3, "the job applied a few steps");

        await job.Stop("enough for today");
        var stopped = await job.GetStatus();
        await job.Stop("again"); // an ended job is left as it is

        Assert.Equal(TrainingJobState.Stopped, stopped.State);
        Assert.InRange(stopped.Step, 3, stopped.TotalSteps - 1);
        Assert.Equal($"stopped at step {stopped.Step} of {stopped.TotalSteps}: enough for today", stopped.Message);
        Assert.Equal(stopped.Step, stopped.StepLosses.Length);
        Assert.Equal(stopped.Message, (await job.GetStatus()).Message);
        Assert.Equal(stopped.Step, (await job.GetStatus()).Step); // nothing trains after the stop
        Assert.NotEmpty((await job.GetWeights()).Value);
    }

    [Fact]
    public async Task A_job_stopped_before_it_started_refuses_to_start()
    {
        var job = silo.Client.GetGrain<ITrainingJobGrain>("stop-first");
        await job.Stop("its attempt was replaced");

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => job.Start(TrainingJobs.MlpJob(replicas: 1)));
        Assert.Contains("was stopped before it started", e.Message, StringComparison.Ordinal);
        Assert.Equal(TrainingJobState.Stopped, (await job.GetStatus()).State);
    }

    [Fact]
    public async Task Waiting_for_epochs_returns_each_new_epoch_and_then_the_end()
    {
        var job = silo.Client.GetGrain<ITrainingJobGrain>("wait-epochs");
        await job.Start(TrainingJobs.MlpJob(replicas: 2, epochs: 3));

        var seen = new List<int>();
        TrainingJobProgress progress;
        do
        {
            progress = await job.WaitForEpochs(seen.Count == 0 ? 0 : seen[^1], TimeSpan.FromSeconds(10));
            seen.AddRange(progress.Epochs.Select(e => e.Epoch).Where(e => e > (seen.Count == 0 ? 0 : seen[^1])));
        }
        while (progress.State == TrainingJobState.Running);

        Assert.Equal(TrainingJobState.Completed, progress.State);
        Assert.Equal([1, 2, 3], seen);
        Assert.All(progress.Epochs, e => Assert.NotNull(e.ValidationAccuracy));
    }

    [Fact]
    public async Task Waiting_for_an_epoch_that_does_not_come_returns_after_the_timeout()
    {
        var job = silo.Client.GetGrain<ITrainingJobGrain>("wait-timeout");
        await job.Start(TrainingJobs.MlpJob(replicas: 1, epochs: 100_000));

        var progress = await job.WaitForEpochs(int.MaxValue, TimeSpan.FromMilliseconds(200));

        Assert.Equal(TrainingJobState.Running, progress.State);
        await job.Stop("test over");
    }
}
