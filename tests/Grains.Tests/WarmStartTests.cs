namespace BigDL.Grains.Tests;

public sealed class WarmStartTests : IAsyncLifetime
{
    ServiceSilo silo = null!; // set in InitializeAsync

    public async Task InitializeAsync() => silo = await Silos.StartAsync();

    public async Task DisposeAsync() => await silo.DisposeAsync();

    [Fact]
    public async Task An_experiment_runs_its_enqueued_trials_first_and_samples_values_missing_or_out_of_range()
    {
        var grain = silo.Client.GetGrain<IExperimentGrain>("enqueued");
        await grain.Start(Specs.Scripted("enqueued", 4) with { EnqueuedTrials = """[{"x": 0.25}, {"y": 1}, {"x": 7}]""" });

        await Eventually.MatchesAsync(grain.GetStatus, s => s.IsFinished, "the experiment finished");
        var trials = await grain.GetTrials();

        Assert.Equal(0.25, trials[0].Params["x"]);
        Assert.Equal(0.25, trials[0].Value);
        Assert.InRange((double)trials[1].Params["x"]!, 0, 1); // no x given: sampled
        Assert.InRange((double)trials[2].Params["x"]!, 0, 1); // 7 is outside [0, 1]: sampled
        Assert.NotEqual(0.25, trials[1].Params["x"]);
    }

    [Theory]
    [InlineData("""{"x": 0.5}""", "enqueuedTrials")]
    [InlineData("""[{"x": 0.5}, 3]""", "enqueuedTrials[1]")]
    [InlineData("""[{"x": {"nested": 1}}]""", "enqueuedTrials[0].x")]
    [InlineData("""[{"x": """, "enqueuedTrials")]
    public async Task Malformed_enqueued_trials_are_rejected_naming_the_field(string json, string field)
    {
        var grain = silo.Client.GetGrain<IExperimentGrain>("bad-enqueued");

        var e = await Assert.ThrowsAsync<ExperimentSpecException>(() => grain.Start(Specs.Scripted("bad-enqueued", 2) with { EnqueuedTrials = json }));

        Assert.Equal(field, e.Field);
    }
}
