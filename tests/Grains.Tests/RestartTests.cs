namespace BigDL.Grains.Tests;

public sealed class RestartTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("bigdl-grains-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task An_experiment_survives_a_silo_restart_mid_run_with_every_complete_trial_kept()
    {
        var store = Path.Combine(folder, "bigdl.db");
        ScriptedObjective.Holding["restart"] = [2, 3]; // trials 0 and 1 complete; 2 and 3 are running when the silo stops
        var first = await Silos.StartAsync(store);
        var grain = first.Client.GetGrain<IExperimentGrain>("restart");
        await grain.Start(Specs.Scripted("restart", 6, parallelism: 2));
        await Eventually.MatchesAsync(grain.GetStatus, s => s.Complete == 2 && s.Running == 2, "two trials complete and two run");
        await ScriptedObjective.HeldAsync("restart", 2, 3);
        var before = (await grain.GetTrials()).Where(t => t.Status == TrialStatus.Complete).ToList();
        await first.DisposeAsync();

        await using var second = await Silos.StartAsync(store);
        grain = second.Client.GetGrain<IExperimentGrain>("restart");
        var status = await Eventually.MatchesAsync(grain.GetStatus, s => s.IsFinished, "the resumed experiment finished");
        var after = await grain.GetTrials();

        Assert.Equal(ExperimentPhase.Completed, status.Phase);
        Assert.Equal(6, status.Complete);
        foreach (var t in before)
        {
            Assert.Equal(t.Value, after[t.Number].Value);
            Assert.Equal(t.Params["x"], after[t.Number].Params["x"]);
            Assert.Equal(1, after[t.Number].Attempt);
        }

        Assert.Equal(2, after[2].Attempt); // lost with the first silo, run again with the same parameters
        Assert.Equal(2, after[3].Attempt);
        Assert.Equal(2, ScriptedObjective.Runs["restart/2"]);
    }

    [Fact]
    public async Task An_experiment_resumes_after_a_restart_without_any_client_call()
    {
        var store = Path.Combine(folder, "bigdl.db");
        var fastReminders = ServiceSilo.MinimumReminderPeriod(TimeSpan.FromMilliseconds(200));
        ScriptedObjective.Holding["unasked"] = [1];
        var first = await Silos.StartAsync(store, fastReminders);
        var grain = first.Client.GetGrain<IExperimentGrain>("unasked");
        await grain.Start(Specs.Scripted("unasked", 3));
        await Eventually.MatchesAsync(grain.GetStatus, s => s.Complete == 1 && s.Running == 1, "trial 1 runs");
        await ScriptedObjective.HeldAsync("unasked", 1);
        await first.DisposeAsync();

        await using var second = await Silos.StartAsync(store, fastReminders);

        // Only the reminder can wake the experiment: no client calls it until its lost trial has run again.
        await Eventually.MatchesAsync(() => Task.FromResult(ScriptedObjective.Runs.GetValueOrDefault("unasked/2")), n => n == 1, "trial 2 ran after the restart");
        var status = await Eventually.MatchesAsync(second.Client.GetGrain<IExperimentGrain>("unasked").GetStatus, s => s.IsFinished, "the experiment finished");
        Assert.Equal(3, status.Complete);
        Assert.Equal(2, ScriptedObjective.Runs["unasked/1"]);
    }

    [Fact]
    public async Task A_trial_lost_more_often_than_max_retries_fails_with_the_reason()
    {
        var store = Path.Combine(folder, "bigdl.db");
        ScriptedObjective.Holding["no-retries"] = [1];
        var first = await Silos.StartAsync(store);
        var grain = first.Client.GetGrain<IExperimentGrain>("no-retries");
        await grain.Start(Specs.Scripted("no-retries", 2, maxRetries: 0));
        await Eventually.MatchesAsync(grain.GetStatus, s => s.Complete == 1 && s.Running == 1, "trial 1 runs");
        await ScriptedObjective.HeldAsync("no-retries", 1);
        await first.DisposeAsync();

        await using var second = await Silos.StartAsync(store);
        grain = second.Client.GetGrain<IExperimentGrain>("no-retries");
        await Eventually.MatchesAsync(grain.GetStatus, s => s.IsFinished, "the resumed experiment finished");
        var lost = (await grain.GetTrials())[1];

        Assert.Equal(TrialStatus.Failed, lost.Status);
        Assert.Contains("no retries left", lost.Reason, StringComparison.Ordinal);
    }
}
