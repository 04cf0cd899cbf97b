namespace BigDL.Grains.Tests;

/// <summary>Trials lost to a dead silo while the experiment's own silo lives on: found by the experiment's probes, retried, bounded.</summary>
public sealed class LostTrialTests : IAsyncLifetime
{
    ServiceSilo silo = null!; // set in InitializeAsync

    public async Task InitializeAsync() => silo = await Silos.StartAsync();

    public async Task DisposeAsync() => await silo.DisposeAsync();

    [Fact]
    public async Task A_trial_whose_calls_keep_finding_a_dead_silo_is_retried_up_to_max_retries_then_fails_saying_so()
    {
        const string Name = "silo-lost";
        ScriptedObjective.LosingSilo[Name] = [1];
        var grain = silo.Client.GetGrain<IExperimentGrain>(Name);
        await grain.Start(Specs.Scripted(Name, 3, parallelism: 2, maxRetries: 2));

        var status = await Eventually.MatchesAsync(grain.GetStatus, s => s.IsFinished, "the experiment finished", TimeSpan.FromSeconds(120));
        var trials = await grain.GetTrials();
        var lost = trials[1];

        Assert.Equal(ExperimentPhase.Completed, status.Phase);
        Assert.Equal(TrialStatus.Failed, lost.Status);
        Assert.Equal("lost to silo failures 3 times; no retries left (maxRetries 2)", lost.Reason); // not the exception's message
        Assert.Equal(3, lost.Attempt);
        Assert.Equal([1, 2, 3], lost.Attempts.Select(a => a.Attempt));
        Assert.All(lost.Attempts, a => Assert.NotNull(a.LostAt));
        Assert.All(lost.Attempts.Zip(lost.Attempts.Skip(1)), p => Assert.True(p.Second.StartedAt >= p.First.LostAt, "a retry started before its previous attempt was found lost"));
        Assert.Equal(3, ScriptedObjective.Runs[$"{Name}/1"]);
        Assert.All(trials.Where(t => t.Number != 1), t => Assert.Equal((TrialStatus.Complete, 1), (t.Status, t.Attempt)));
        Assert.All(trials.SelectMany(t => t.Attempts), a => Assert.False(string.IsNullOrEmpty(a.Silo)));
    }
}
