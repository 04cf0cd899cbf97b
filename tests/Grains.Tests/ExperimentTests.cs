using BigDL.Compute.Models;
using BigDL.Compute.Serialization;
using BigDL.Compute.Tensors;

namespace BigDL.Grains.Tests;

public sealed class ExperimentTests : IAsyncLifetime
{
    ServiceSilo silo = null!; // set in InitializeAsync

    public async Task InitializeAsync() => silo = await Silos.StartAsync();

    public async Task DisposeAsync() => await silo.DisposeAsync();

    static Task<ExperimentStatus> FinishedAsync(IExperimentGrain grain) =>
        Eventually.MatchesAsync(grain.GetStatus, s => s.IsFinished, "the experiment finished");

    [Fact]
    public async Task A_random_study_of_six_tiny_mlp_trials_completes_every_trial_and_names_the_best()
    {
        var grain = silo.Client.GetGrain<IExperimentGrain>("mlp-six");
        await grain.Start(Specs.TinyMlp("mlp-six", 6));

        var status = await FinishedAsync(grain);
        var trials = await grain.GetTrials();

        Assert.Equal(ExperimentPhase.Completed, status.Phase);
        Assert.Equal(6, trials.Length);
        Assert.All(trials, t => Assert.Equal(TrialStatus.Complete, t.Status));
        Assert.All(trials, t => Assert.Equal([1, 2], t.IntermediateValues.Select(v => v.Step)));
        Assert.All(trials, t => Assert.Equal("adam", t.Params["optimizer_note"]));
        var best = await grain.GetBestTrial();
        Assert.NotNull(best);
        Assert.Equal(trials.Max(t => t.Value), best.Value);
        Assert.Equal(best.Number, status.BestTrial);
        Assert.InRange(best.Value!.Value, 0, 1);
    }

    [Fact]
    public async Task The_best_model_lands_in_the_registry_and_loads_back()
    {
        var grain = silo.Client.GetGrain<IExperimentGrain>("mlp-registry");
        await grain.Start(Specs.TinyMlp("mlp-registry", 3));
        await FinishedAsync(grain);
        var best = await grain.GetBestTrial();

        var registry = silo.Client.GetGrain<IModelRegistryGrain>("mlp-registry");
        var latest = await registry.Get();

        Assert.NotNull(latest);
        Assert.Equal($"experiment mlp-registry trial {best!.Number}", latest.Info.Source);
        Assert.Equal(best.Value, latest.Info.Metrics["val_accuracy"]);
        Assert.NotEmpty(await registry.List());
        using var stream = new MemoryStream(latest.Safetensors.Value);
        var model = ModelSerializer.Load(stream);
        var hidden = Convert.ToInt32(best.Params["hidden_units"], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(Mlp.Classifier(4, [hidden], 3).Build().Parameters.Length, model.Parameters.Length);
        Assert.Equal([5, 3], model.Predict(new Tensor(5, 4)).Shape.ToArray());
    }

    [Fact]
    public async Task A_trial_whose_objective_throws_or_returns_NaN_fails_with_its_message_and_the_study_goes_on()
    {
        ScriptedObjective.Throwing["failing"] = [1];
        ScriptedObjective.ReturningNaN["failing"] = [3];
        var grain = silo.Client.GetGrain<IExperimentGrain>("failing");
        await grain.Start(Specs.Scripted("failing", 5));

        var status = await FinishedAsync(grain);
        var trials = await grain.GetTrials();

        Assert.Equal(ExperimentPhase.Completed, status.Phase);
        Assert.Equal((3, 2), (status.Complete, status.Failed));
        Assert.Equal(TrialStatus.Failed, trials[1].Status);
        Assert.Equal("scripted failure of trial 1", trials[1].Reason);
        Assert.Equal(TrialStatus.Failed, trials[3].Status);
        Assert.Contains("NaN", trials[3].Reason, StringComparison.Ordinal);
        Assert.All(new[] { 0, 2, 4 }, n => Assert.Equal(TrialStatus.Complete, trials[n].Status));
    }

    [Fact]
    public async Task A_median_pruner_prunes_trials_that_trail_the_median_of_earlier_ones()
    {
        var grain = silo.Client.GetGrain<IExperimentGrain>("pruned");
        await grain.Start(Specs.Scripted("pruned", 12, pruner: """{"type":"median","n_startup_trials":2}""", epochs: 4));

        await FinishedAsync(grain);
        var trials = await grain.GetTrials();

        var pruned = trials.Where(t => t.Status == TrialStatus.Pruned).ToList();
        Assert.NotEmpty(pruned);
        Assert.All(trials.Take(2), t => Assert.Equal(TrialStatus.Complete, t.Status)); // startup trials are never pruned
        foreach (var p in pruned)
        {
            // The scripted curve is flat at x, so a pruned trial stops at its first epoch, below the median of the complete
            // trials before it (one trial at a time, so those are the ones the pruner saw).
            Assert.Single(p.IntermediateValues);
            var earlier = trials.Where(t => t.Number < p.Number && t.Status == TrialStatus.Complete).Select(t => t.IntermediateValues[0].Value).Order().ToList();
            Assert.True(p.IntermediateValues[0].Value < Median(earlier), $"trial {p.Number} at {p.IntermediateValues[0].Value} was pruned above the median {Median(earlier)}");
            Assert.Equal("pruned after epoch 1", p.Reason);
        }
    }

    [Fact]
    public async Task Asha_stops_mlp_trials_early_and_they_end_pruned_with_fewer_epochs()
    {
        var grain = silo.Client.GetGrain<IExperimentGrain>("mlp-asha");
        await grain.Start(Specs.TinyMlp("mlp-asha", 10) with
        {
            Parallelism = 1,
            Epochs = 3,
            Pruner = """{"type":"asha","min_resource":1,"reduction_factor":3}""",
        });

        var status = await FinishedAsync(grain);
        var trials = await grain.GetTrials();

        Assert.Equal(ExperimentPhase.Completed, status.Phase);
        Assert.Contains(trials, t => t.Status == TrialStatus.Pruned && t.IntermediateValues.Length < 3);

        // Rungs are at epochs 1 and 3 (min_resource 1, reduction factor 3): as in Optuna, a trial can be pruned at the last one.
        Assert.All(trials.Where(t => t.Status == TrialStatus.Pruned), t =>
            Assert.Equal($"pruned after epoch {t.IntermediateValues.Length}", t.Reason));
        Assert.All(trials.Where(t => t.Status == TrialStatus.Complete), t => Assert.Equal(3, t.IntermediateValues.Length));
    }

    [Fact]
    public async Task Parameter_importance_covers_the_sampled_parameters_and_sums_to_one()
    {
        var grain = silo.Client.GetGrain<IExperimentGrain>("importance");
        await grain.Start(Specs.TinyMlp("importance", 6));
        await FinishedAsync(grain);

        var importance = await grain.GetParameterImportance();

        Assert.Equal(["hidden_units", "learning_rate"], importance.Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(1, importance.Sum(p => p.Importance), 6);
    }

    [Fact]
    public async Task Parameter_importance_ranks_the_parameter_the_objective_depends_on_first()
    {
        var grain = silo.Client.GetGrain<IExperimentGrain>("importance-xy");
        await grain.Start(Specs.Scripted("importance-xy", 16) with
        {
            // The scripted objective returns x; y is sampled and ignored.
            SearchSpace = """{"parameters":[{"name":"x","type":"float","low":0,"high":1},{"name":"y","type":"float","low":0,"high":1}]}""",
        });
        await FinishedAsync(grain);

        var importance = await grain.GetParameterImportance();

        Assert.Equal(["x", "y"], importance.Select(p => p.Name));
        Assert.True(importance[0].Importance > 0.5, $"x explains only {importance[0].Importance:P0}");
    }

    [Fact]
    public async Task Parameter_importance_read_mid_run_is_recomputed_once_more_trials_complete()
    {
        const string space = """{"parameters":[{"name":"x","type":"float","low":0,"high":1},{"name":"y","type":"float","low":0,"high":1}]}""";
        var watched = silo.Client.GetGrain<IExperimentGrain>("importance-watched");
        var unwatched = silo.Client.GetGrain<IExperimentGrain>("importance-unwatched");

        // Read part-way, as a dashboard does while the study runs: trial 4 waits at its gate, so trials 0 to 3 are complete.
        var gate = ScriptedObjective.Gates["importance-watched/4"] = new TaskCompletionSource();
        await watched.Start(Specs.Scripted("importance-watched", 16) with { SearchSpace = space, Seed = 8 });
        await unwatched.Start(Specs.Scripted("importance-unwatched", 16) with { SearchSpace = space, Seed = 8 });
        await ScriptedObjective.HeldAsync("importance-watched", 4);
        Assert.Equal(4, (await watched.GetStatus()).Complete);
        var partway = await watched.GetParameterImportance();
        gate.SetResult();
        await FinishedAsync(watched);
        await FinishedAsync(unwatched);

        // The same seed samples the same 16 trials: the final answer must be the full study's, not the cached partial one
        // (compared as arrays: ImmutableArray's own equality compares references).
        var final = await watched.GetParameterImportance();
        Assert.Equal((await unwatched.GetParameterImportance()).ToArray(), final.ToArray());
        Assert.NotEqual(partway.ToArray(), final.ToArray());
    }

    [Fact]
    public async Task Parallel_trials_never_exceed_the_parallelism()
    {
        var grain = silo.Client.GetGrain<IExperimentGrain>("parallel");
        var observer = new RecordingObserver();
        await grain.Subscribe(silo.Client.CreateObjectReference<IExperimentObserver>(observer));
        await grain.Start(Specs.Scripted("parallel", 8, parallelism: 3));
        await FinishedAsync(grain);

        Assert.Equal(8, (await grain.GetTrials()).Count(t => t.Status == TrialStatus.Complete));
        Assert.InRange(observer.MaxRunning, 1, 3);
        Assert.Contains(observer.Changes, c => c.Status == TrialStatus.Complete);
    }

    [Fact]
    public async Task A_cancelled_experiment_starts_no_more_trials()
    {
        ScriptedObjective.Holding["cancelled"] = [0, 1];
        var grain = silo.Client.GetGrain<IExperimentGrain>("cancelled");
        await grain.Start(Specs.Scripted("cancelled", 10, parallelism: 2));
        await Eventually.MatchesAsync(grain.GetStatus, s => s.Running == 2, "two trials run");

        await grain.Cancel();
        var status = await grain.GetStatus();

        Assert.Equal(ExperimentPhase.Cancelled, status.Phase);
        Assert.Equal((0, 2), (status.Running, status.Failed));
        Assert.All(await grain.GetTrials(), t => Assert.Equal("cancelled", t.Reason));
    }

    [Fact]
    public async Task A_time_budget_stops_new_trials_and_completes_the_experiment()
    {
        var grain = silo.Client.GetGrain<IExperimentGrain>("timed");
        await grain.Start(Specs.Scripted("timed", 1_000_000) with { Budget = new BudgetSpec { Trials = 1_000_000, Minutes = 0.002 } });

        var status = await FinishedAsync(grain);

        Assert.Equal(ExperimentPhase.Completed, status.Phase);
        Assert.InRange(status.Complete, 0, 999_999); // on a loaded machine the budget may be up before the first trial starts
        Assert.Equal(status.Complete, (await grain.GetTrials()).Length);
    }

    [Fact]
    public async Task A_spec_submitted_as_json_runs_like_one_built_in_code()
    {
        var grain = silo.Client.GetGrain<IExperimentGrain>("from-json");
        await grain.Submit($$"""
            { "model": { "type": "scripted" }, "searchSpace": {{Specs.XSpace}},
              "sampler": "qmc", "seed": 5, "budget": { "trials": 3 }, "epochs": 2 }
            """);

        var status = await FinishedAsync(grain);
        var spec = await grain.GetSpec();

        Assert.Equal(3, status.Complete);
        Assert.Equal(("from-json", "qmc", 2), (spec!.Name, spec.Sampler, spec.Epochs));
    }

    [Fact]
    public async Task A_second_submission_is_refused()
    {
        var grain = silo.Client.GetGrain<IExperimentGrain>("twice");
        await grain.Start(Specs.Scripted("twice", 1));

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => grain.Start(Specs.Scripted("twice", 1)));
        Assert.Contains("already submitted", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_paused_experiment_starts_no_trials_until_resumed()
    {
        ScriptedObjective.Holding["paused"] = [0];
        var grain = silo.Client.GetGrain<IExperimentGrain>("paused");
        await grain.Start(Specs.Scripted("paused", 3));
        await grain.Pause();
        await silo.Client.GetGrain<ITrialGrain>("paused/0/1").Cancel();

        var paused = await Eventually.MatchesAsync(grain.GetStatus, s => s.Running == 0, "the held trial ended");
        var first = (await grain.GetTrials()).Single();
        Assert.Equal(ExperimentPhase.Paused, paused.Phase);
        Assert.Equal((TrialStatus.Failed, "cancelled"), (first.Status, first.Reason));

        await grain.Resume();
        var status = await FinishedAsync(grain);
        Assert.Equal(ExperimentPhase.Completed, status.Phase);
        Assert.Equal(2, status.Complete);
    }

    static double Median(List<double> sorted) =>
        sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;

    sealed class RecordingObserver : IExperimentObserver
    {
        readonly HashSet<int> running = [];

        public List<TrialInfo> Changes { get; } = [];

        public int MaxRunning { get; private set; }

        public Task OnTrialChanged(string experiment, TrialInfo trial)
        {
            lock (Changes)
            {
                Changes.Add(trial);
                if (trial.Status == TrialStatus.Running)
                {
                    running.Add(trial.Number);
                }
                else
                {
                    running.Remove(trial.Number);
                }

                MaxRunning = Math.Max(MaxRunning, running.Count);
            }

            return Task.CompletedTask;
        }
    }
}
