using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;

namespace BigDL.Grains.Tests;

public sealed class CampaignTests : IDisposable
{
    /// <summary>Quartz's format, seconds first: an occurrence every second.</summary>
    const string EverySecond = "* * * * * ?";

    readonly string folder = Directory.CreateTempSubdirectory("bigdl-campaigns-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    /// <summary>Reminders at 1 s, so a cron of one second is noticed within a second.</summary>
    static readonly Action<ISiloBuilder> FastReminders = ServiceSilo.MinimumReminderPeriod(TimeSpan.FromSeconds(1));

    static Task<ServiceSilo> StartSiloAsync(string storage = ServiceSilo.MemoryStore) => Silos.StartAsync(storage, FastReminders);

    static CampaignSpec EverySecondOf(string name) => new() { Cron = EverySecond, Experiment = Specs.Scripted(name, 3, epochs: 1) };

    static Task<System.Collections.Immutable.ImmutableArray<CampaignRun>> RunsAsync(ICampaignGrain grain, int atLeast) =>
        Eventually.MatchesAsync(grain.GetHistory, h => h.Length >= atLeast, $"the campaign ran {atLeast} times");

    /// <summary>Waits until an active witness campaign has run <paramref name="more"/> more times: several cron periods have passed.</summary>
    static async Task SeveralPeriodsPassAsync(ICampaignGrain witness, int more)
    {
        var before = (await witness.GetHistory()).Length;
        await RunsAsync(witness, before + more);
    }

    [Theory]
    [InlineData("not a cron", "cron")]
    [InlineData("* * * * *", "cron")] // five fields: Quartz wants seconds first
    [InlineData("0 0 0 1 1 ? 2000", "cron")] // no occurrence after now
    public async Task A_bad_cron_is_rejected_naming_the_cron_field(string cron, string field)
    {
        await using var silo = await StartSiloAsync();
        var grain = silo.Client.GetGrain<ICampaignGrain>("bad-cron");

        var e = await Assert.ThrowsAsync<CampaignSpecException>(() => grain.Create(EverySecondOf("bad-cron") with { Cron = cron }));

        Assert.Equal(field, e.Field);
        Assert.False(string.IsNullOrWhiteSpace(e.Message[(field.Length + 2)..]));
        Assert.Equal(CampaignPhase.None, (await grain.GetStatus()).Phase);
    }

    [Fact]
    public async Task A_bad_cron_is_rejected_with_quartzs_own_message()
    {
        await using var silo = await StartSiloAsync();
        var grain = silo.Client.GetGrain<ICampaignGrain>("quartz-message");
        var quartz = Assert.Throws<FormatException>(() => Quartz.CronExpression.ValidateExpression("0 0 25 * * ?"));

        var e = await Assert.ThrowsAsync<CampaignSpecException>(() => grain.Create(EverySecondOf("quartz-message") with { Cron = "0 0 25 * * ?" }));

        Assert.Equal("cron: " + quartz.Message, e.Message);
    }

    [Fact]
    public async Task A_bad_time_zone_or_template_is_rejected_naming_its_field()
    {
        await using var silo = await StartSiloAsync();
        var grain = silo.Client.GetGrain<ICampaignGrain>("bad-fields");
        var spec = EverySecondOf("bad-fields");

        var zone = await Assert.ThrowsAsync<CampaignSpecException>(() => grain.Create(spec with { TimeZone = "Nowhere/Atlantis" }));
        var template = await Assert.ThrowsAsync<CampaignSpecException>(
            () => grain.Create(spec with { Experiment = spec.Experiment with { Budget = new BudgetSpec { Trials = 0 } } }));

        Assert.Equal("timeZone", zone.Field);
        Assert.Equal("experiment.budget.trials", template.Field);
    }

    [Fact]
    public async Task A_campaign_with_a_fast_cron_fires_twice_and_warm_starts_the_second_run_with_the_first_runs_best()
    {
        await using var silo = await StartSiloAsync();
        var grain = silo.Client.GetGrain<ICampaignGrain>("warm");
        await grain.Create(EverySecondOf("warm"));

        var runs = await RunsAsync(grain, 2);
        await grain.Pause();
        var first = silo.Client.GetGrain<IExperimentGrain>(runs[0].Experiment);
        var second = silo.Client.GetGrain<IExperimentGrain>(runs[1].Experiment);
        var firstBest = await first.GetBestTrial();
        var secondTrials = await Eventually.MatchesAsync(second.GetTrials, t => t.Length > 0, "the second run started a trial");

        Assert.Equal(["warm-1", "warm-2"], runs.Take(2).Select(r => r.Experiment));
        Assert.NotNull(runs[0].FinishedAt); // a run starts only after the previous one finished
        Assert.NotNull(firstBest);
        Assert.Equal(firstBest.Value, runs[0].BestValue);
        Assert.Equal(0, runs[0].WarmStarts);
        Assert.Equal(1, runs[1].WarmStarts);
        Assert.NotEqual(0, firstBest.Number); // so an unwarmed run, sampling as run 1 did, would start elsewhere
        Assert.Equal(firstBest.Params["x"], secondTrials[0].Params["x"]);
        Assert.Contains("\"x\"", (await second.GetSpec())!.EnqueuedTrials, StringComparison.Ordinal);
        Assert.Equal(Convert.ToString(firstBest.Params["x"], CultureInfo.InvariantCulture), runs[0].BestParams["x"]);
    }

    [Fact]
    public async Task A_multi_objective_campaign_warm_starts_the_next_run_with_the_previous_runs_pareto_front()
    {
        await using var silo = await StartSiloAsync();
        var grain = silo.Client.GetGrain<ICampaignGrain>("front");
        await grain.Create(new CampaignSpec { Cron = EverySecond, Experiment = TwoObjectives("front", trials: 8) });

        var runs = await RunsAsync(grain, 2);
        await grain.Pause();
        var front = await silo.Client.GetGrain<IExperimentGrain>(runs[0].Experiment).GetBestTrials();
        var warm = runs[1].WarmStarts;
        var second = await Eventually.MatchesAsync(
            silo.Client.GetGrain<IExperimentGrain>(runs[1].Experiment).GetTrials, t => t.Length >= warm, "the second run started its warm-start trials");

        Assert.Null(runs[0].BestValue); // no single best trial to warm-start from
        Assert.NotEmpty(front);
        Assert.Equal(front.Select(t => Key(t.Params)).Order(), runs[0].BestTrials.Select(t => Key(t.Params)).Order());
        Assert.Equal(front.Select(t => t.Values[1]).Order(), runs[0].BestTrials.Select(t => t.Values[1]).Order());
        Assert.Equal(Math.Min(front.Length, 4), warm); // at most half the budget of 8
        Assert.Subset(front.Select(t => Key(t.Params)).ToHashSet(), second.Take(warm).Select(t => Key(t.Params)).ToHashSet());
        Assert.Equal(warm, second.Take(warm).Select(t => Key(t.Params)).Distinct().Count());
    }

    static ExperimentSpec TwoObjectives(string name, int trials) => new()
    {
        Name = name,
        Model = new ModelSpec { Type = VectorObjective.Type },
        SearchSpace = """{"parameters":[{"name":"x","type":"float","low":0,"high":1},{"name":"y","type":"float","low":0,"high":1}]}""",
        Objectives = [new("val_accuracy", ObjectiveDirection.Maximize), new("latency_ms", ObjectiveDirection.Minimize)],
        Metric = "val_accuracy",
        Sampler = "random",
        Seed = 5,
        Budget = new BudgetSpec { Trials = trials },
        Epochs = 1,
    };

    static string Key(System.Collections.Immutable.IImmutableDictionary<string, object?> values) =>
        string.Join(";", values.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={Convert.ToString(kv.Value, CultureInfo.InvariantCulture)}"));

    static string Key(System.Collections.Immutable.IImmutableDictionary<string, string> values) =>
        string.Join(";", values.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value}"));

    [Fact]
    public async Task Updating_a_campaign_reschedules_it_and_a_bad_update_keeps_the_old_spec()
    {
        await using var silo = await StartSiloAsync();
        var grain = silo.Client.GetGrain<ICampaignGrain>("updated");
        var rare = EverySecondOf("updated") with { Cron = "0 0 0 1 1 ? 2099" };
        await Assert.ThrowsAsync<InvalidOperationException>(() => grain.Update(rare));
        await grain.Create(rare);
        await Assert.ThrowsAsync<InvalidOperationException>(() => grain.Create(rare));
        var bad = await Assert.ThrowsAsync<CampaignSpecException>(() => grain.Update(rare with { Cron = "every now and then" }));
        Assert.Equal("cron", bad.Field);
        Assert.Equal(new DateTime(2099, 1, 1, 0, 0, 0, DateTimeKind.Utc), (await grain.GetStatus()).NextRunAt);

        await grain.Update(EverySecondOf("updated"));
        var runs = await RunsAsync(grain, 1);

        Assert.Equal(EverySecond, (await grain.GetStatus()).Spec!.Cron);
        Assert.Equal("updated-1", runs[0].Experiment);
    }

    [Fact]
    public async Task An_occurrence_while_the_previous_run_is_unfinished_is_skipped_and_counted()
    {
        ScriptedObjective.Holding["held-1"] = [0]; // run 1's only trial waits until the silo stops
        await using var silo = await StartSiloAsync();
        var held = silo.Client.GetGrain<ICampaignGrain>("held");
        var witness = silo.Client.GetGrain<ICampaignGrain>("held-witness");
        await held.Create(new CampaignSpec { Cron = EverySecond, Experiment = Specs.Scripted("held", 1, epochs: 1) });
        await witness.Create(EverySecondOf("held-witness"));
        await RunsAsync(held, 1);

        await SeveralPeriodsPassAsync(witness, 3);
        var status = await Eventually.MatchesAsync(held.GetStatus, s => s.Skipped >= 1, "an occurrence was skipped");
        var history = await held.GetHistory();

        Assert.Equal(1, status.Runs);
        Assert.Single(history);
        Assert.Null(history[0].FinishedAt);
    }

    [Fact]
    public async Task A_paused_campaign_starts_no_new_run_while_an_active_one_fires_several_times()
    {
        await using var silo = await StartSiloAsync();
        var paused = silo.Client.GetGrain<ICampaignGrain>("paused");
        var witness = silo.Client.GetGrain<ICampaignGrain>("paused-witness");
        await paused.Create(EverySecondOf("paused"));
        await witness.Create(EverySecondOf("paused-witness"));
        await RunsAsync(paused, 1);

        await paused.Pause();
        var atPause = (await paused.GetHistory()).Length;
        await SeveralPeriodsPassAsync(witness, 3);

        var status = await paused.GetStatus();
        Assert.Equal(CampaignPhase.Paused, status.Phase);
        Assert.Null(status.NextRunAt);
        Assert.Equal(atPause, (await paused.GetHistory()).Length);
        Assert.Null(await silo.Client.GetGrain<IExperimentGrain>($"paused-{atPause + 1}").GetSpec());
    }

    [Fact]
    public async Task A_resumed_campaign_fires_again()
    {
        await using var silo = await StartSiloAsync();
        var grain = silo.Client.GetGrain<ICampaignGrain>("resumed");
        await grain.Create(EverySecondOf("resumed"));
        await RunsAsync(grain, 1);
        await grain.Pause();
        var atPause = (await grain.GetHistory()).Length;

        await grain.Resume();
        var runs = await RunsAsync(grain, atPause + 1);

        Assert.Equal(CampaignPhase.Active, (await grain.GetStatus()).Phase);
        Assert.Equal($"resumed-{atPause + 1}", runs[atPause].Experiment);
    }

    [Fact]
    public async Task Deleting_a_campaign_removes_its_reminder_and_history_and_no_run_follows()
    {
        await using var silo = await StartSiloAsync();
        var grain = silo.Client.GetGrain<ICampaignGrain>("deleted");
        var witness = silo.Client.GetGrain<ICampaignGrain>("deleted-witness");
        await grain.Create(EverySecondOf("deleted"));
        await witness.Create(EverySecondOf("deleted-witness"));
        var reminders = silo.Services.GetRequiredService<IReminderTable>();
        await RunsAsync(grain, 1);
        Assert.NotEmpty((await reminders.ReadRows(grain.GetGrainId())).Reminders);

        await grain.Delete();
        var left = (await grain.GetHistory()).Length;
        await SeveralPeriodsPassAsync(witness, 3);

        Assert.Empty((await reminders.ReadRows(grain.GetGrainId())).Reminders);
        Assert.Equal(0, left);
        Assert.Empty(await grain.GetHistory());
        var status = await grain.GetStatus();
        Assert.Equal(CampaignPhase.None, status.Phase);
        Assert.Null(status.Spec);
    }

    [Fact]
    public async Task A_campaign_survives_a_silo_restart_and_keeps_firing_with_its_history()
    {
        var store = Path.Combine(folder, "bigdl.db");
        var first = await StartSiloAsync(store);
        var grain = first.Client.GetGrain<ICampaignGrain>("durable");
        await grain.Create(EverySecondOf("durable"));
        var before = await RunsAsync(grain, 1);
        await first.DisposeAsync();

        await using var second = await StartSiloAsync(store);
        // Only the reminder can fire the campaign: nothing calls it until its next experiment exists.
        var next = second.Client.GetGrain<IExperimentGrain>($"durable-{before.Length + 1}");
        await Eventually.MatchesAsync(next.GetSpec, s => s is not null, "the campaign fired after the restart");
        grain = second.Client.GetGrain<ICampaignGrain>("durable");
        var after = await grain.GetHistory();

        Assert.Equal(CampaignPhase.Active, (await grain.GetStatus()).Phase);
        Assert.True(after.Length > before.Length);
        Assert.Equal(before[0].Experiment, after[0].Experiment);
        Assert.Equal(before[0].StartedAt, after[0].StartedAt);
    }
}
