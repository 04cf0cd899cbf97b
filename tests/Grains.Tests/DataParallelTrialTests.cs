using BigDL.Compute.Serialization;

namespace BigDL.Grains.Tests;

/// <summary>Trials whose spec asks for <c>model.replicas</c> &gt; 1 train through a training job, one per attempt.</summary>
public sealed class DataParallelTrialTests : IAsyncLifetime
{
    /// <summary>Epochs no job finishes within a test (a few thousand steps take well under a second), so only a stop ends it early.</summary>
    const int LongRun = 100_000;

    ServiceSilo silo = null!; // set in InitializeAsync

    public async Task InitializeAsync() => silo = await Silos.StartAsync();

    public async Task DisposeAsync() => await silo.DisposeAsync();

    static ExperimentSpec Spec(string name, int trials, int replicas, int epochs, string? pruner = null) => new()
    {
        Name = name,
        Dataset = new DatasetSpec { Rows = 384, Features = 4, Classes = 3, Seed = 1 },
        Model = new ModelSpec { BatchSize = 24, Replicas = replicas },
        SearchSpace = """
            {"parameters":[
              {"name":"learning_rate","type":"float","low":0.005,"high":0.05,"log":true},
              {"name":"hidden_units","type":"int","low":4,"high":16}]}
            """,
        Sampler = "random",
        Seed = 5,
        Pruner = pruner,
        Budget = new BudgetSpec { Trials = trials },
        Parallelism = 2,
        Epochs = epochs,
    };

    ITrainingJobGrain JobOf(string experiment, int number, int attempt = 1) =>
        silo.Client.GetGrain<ITrainingJobGrain>(TrainingJobKeys.OfTrial(experiment, number, attempt));

    static Task<ExperimentStatus> FinishedAsync(IExperimentGrain grain) =>
        Eventually.MatchesAsync(grain.GetStatus, s => s.IsFinished, "the experiment finished", TimeSpan.FromMinutes(3));

    [Fact]
    public async Task A_data_parallel_trial_trains_on_its_replicas_and_reports_the_jobs_validation_accuracy_every_epoch()
    {
        const string Name = "dp-trials";
        var grain = silo.Client.GetGrain<IExperimentGrain>(Name);
        await grain.Start(Spec(Name, trials: 2, replicas: 3, epochs: 3));

        var status = await FinishedAsync(grain);
        var trials = await grain.GetTrials();

        Assert.Equal(ExperimentPhase.Completed, status.Phase);
        foreach (var trial in trials)
        {
            Assert.True(trial.Status == TrialStatus.Complete, $"trial {trial.Number}: {trial.Status} {trial.Reason}");
            var job = await JobOf(Name, trial.Number).GetStatus();
            Assert.Equal(TrainingJobState.Completed, job.State);
            Assert.Equal(3, job.Placement!.Replicas.Length);
            Assert.Equal(384 / 24 * 3, job.TotalSteps);
            Assert.Equal(job.Epochs.Select(e => (e.Epoch, e.ValidationAccuracy!.Value)), trial.IntermediateValues.Select(v => (v.Step, v.Value)));
            Assert.Equal(job.Epochs[^1].ValidationAccuracy, trial.Value);
        }

        // The registry's best model carries the weights the best trial's job trained.
        var best = await grain.GetBestTrial();
        var latest = await silo.Client.GetGrain<IModelRegistryGrain>(Name).Get();
        using var stream = new MemoryStream(latest!.Safetensors.Value);
        var model = ModelSerializer.Load(stream);
        Assert.Equal((await JobOf(Name, best!.Number).GetWeights()).Value, model.Parameters.Values);
    }

    [Fact]
    public async Task A_pruned_data_parallel_trial_stops_its_training_job_before_the_last_step()
    {
        const string Name = "dp-pruned";
        var grain = silo.Client.GetGrain<IExperimentGrain>(Name);
        await grain.Start(Spec(Name, trials: 1, replicas: 2, epochs: LongRun, pruner: """{"type":"threshold","lower":1.5}"""));

        await FinishedAsync(grain);
        var trial = (await grain.GetTrials())[0];

        // The experiment counts a trial pruned as it answers the report, so it can finish while the trial is still stopping its job.
        var job = await Eventually.MatchesAsync(JobOf(Name, 0).GetStatus, s => s.State != TrainingJobState.Running, "the pruned trial's job ended");

        Assert.Equal((TrialStatus.Pruned, "pruned after epoch 1"), (trial.Status, trial.Reason));
        Assert.Equal(TrainingJobState.Stopped, job.State);
        Assert.InRange(job.Step, 1, job.TotalSteps - 1);
        Assert.Contains("pruned after epoch 1", job.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelling_the_experiment_stops_the_training_jobs_of_its_running_trials()
    {
        const string Name = "dp-cancelled";
        var grain = silo.Client.GetGrain<IExperimentGrain>(Name);
        await grain.Start(Spec(Name, trials: 2, replicas: 2, epochs: LongRun));
        await Eventually.MatchesAsync(grain.GetTrials, ts => ts.Length == 2 && ts.All(t => t.IntermediateValues.Length > 0), "both trials reported an epoch", TimeSpan.FromMinutes(2));

        await grain.Cancel();

        foreach (var number in new[] { 0, 1 })
        {
            var job = await Eventually.MatchesAsync(JobOf(Name, number).GetStatus, s => s.State != TrainingJobState.Running, $"trial {number}'s job ended");
            Assert.Equal(TrainingJobState.Stopped, job.State);
            Assert.True(job.Step < job.TotalSteps, $"trial {number}'s job ran all {job.TotalSteps} steps");
        }
    }

    [Fact]
    public async Task A_retried_attempt_stops_the_training_job_of_the_attempt_it_replaces()
    {
        var earlier = silo.Client.GetGrain<ITrainingJobGrain>(TrainingJobKeys.OfTrial("dp-retried", 0, 1));
        await earlier.Start(TrainingJobs.MlpJob(replicas: 2, epochs: 2000));
        var spec = Spec("dp-retried", trials: 1, replicas: 2, epochs: LongRun);
        var context = new TrialContext(spec, 0, System.Collections.Immutable.ImmutableDictionary<string, object?>.Empty, (_, _) => Task.FromResult(true))
        {
            GrainFactory = silo.Client,
            TrainingJobKey = TrainingJobKeys.OfTrial("dp-retried", 0, 2),
            EarlierTrainingJobKeys = [TrainingJobKeys.OfTrial("dp-retried", 0, 1)],
        };

        var outcome = await new MlpClassifierObjective().RunAsync(context, CancellationToken.None);
        var stopped = await earlier.GetStatus();

        Assert.Equal(TrialStatus.Pruned, outcome.Status); // the report answered stop after the first epoch
        Assert.Equal(TrainingJobState.Stopped, stopped.State);
        Assert.Contains("attempt trial/dp-retried/0/2 replaces it", stopped.Message, StringComparison.Ordinal);
        Assert.Equal(TrainingJobState.Stopped, (await silo.Client.GetGrain<ITrainingJobGrain>(TrainingJobKeys.OfTrial("dp-retried", 0, 2)).GetStatus()).State);
    }
}
