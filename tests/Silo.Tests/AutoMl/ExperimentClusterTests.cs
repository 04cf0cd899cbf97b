using BigDL.Grains;
using Xunit.Abstractions;

namespace BigDL.Silo.Tests.AutoMl;

/// <summary>
/// AutoML experiments on real <c>bigdl silo</c> processes: trials spread over the silos, and <c>kill -9</c> of a silo
/// running trials, of the experiment's own silo, and of a whole one-silo cluster loses no complete trial.
/// </summary>
public sealed class ExperimentClusterTests(ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>Long enough for a kill, the death declaration and every retry on a loaded 2-core machine.</summary>
    static readonly TimeSpan ExperimentTimeout = TimeSpan.FromSeconds(150);

    readonly string folder = Directory.CreateTempSubdirectory("bigdl-automl-").FullName;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        Directory.Delete(folder, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Trials_spread_over_the_silos_and_those_of_a_killed_silo_run_again_elsewhere_with_no_complete_trial_lost()
    {
        await using var cluster = await ProcessCluster.StartAsync(3, folder, environment: ProcessCluster.FastReminders);
        await cluster.ReportOnFailureAsync(output, async () =>
        {
            await using var client = await cluster.ConnectAsync(o => o.ResponseTimeout = TimeSpan.FromMinutes(1));
            var grain = client.GetGrain<IExperimentGrain>("spread");
            await grain.Start(Spec("spread", trials: 12, parallelism: 3, maxRetries: 2));
            var home = (await grain.GetStatus()).Silo;

            // Kill a silo that runs a trial (in its first half, so it cannot finish before the kill lands) and does not
            // host the experiment, once some trials are complete.
            var (before, victimAddress) = await WhenRunningAsync(grain, (trials, running) =>
                trials.Count(t => t.Status == TrialStatus.Complete) >= 2 && MidRun(running) && running.Attempts[^1].Silo != home);
            var victim = await IndexOfAsync(cluster, victimAddress);
            var killedAt = DateTime.UtcNow;
            cluster.Kill(victim);
            output.WriteLine($"killed silo{victim} {victimAddress}; the experiment runs on {home}; before the kill:\n{Describe(before)}");

            var status = await FinishedAsync(grain);
            var after = await grain.GetTrials();
            output.WriteLine($"after:\n{Describe(after)}");

            Assert.Equal(ExperimentPhase.Completed, status.Phase);
            Assert.All(after, t => Assert.Equal(TrialStatus.Complete, t.Status));
            AssertCompleteTrialsKept(before, after);

            // Retried: every trial running on the victim at the kill that did not finish in between.
            var retried = after.Where(t => t.Attempt > 1).ToList();
            Assert.NotEmpty(retried);
            Assert.Contains(retried, t => RanOn(before, t.Number) == victimAddress);
            AssertNoAttemptOverlaps(after, victimAddress, killedAt);

            // Spread: the attempts ran on more than one silo, and every retry on a survivor.
            Assert.True(after.SelectMany(t => t.Attempts).Select(a => a.Silo).Distinct().Count() >= 2, Describe(after));
            Assert.All(retried, t => Assert.NotEqual(victimAddress, t.Attempts[^1].Silo));
        });
    }

    // Once flaky: 1 CI run in 4 ended a trial on a surviving silo Failed. The cause: the re-activated experiment probed that
    // trial through the silo that took over the killed silo's directory range before the trial's own silo had
    // re-registered it there, so a second, empty trial activation answered 'not running' (Runtime.Tests'
    // DirectoryRecoveryTests reproduces the race; ClusterRouter.Recovery fixed it). Its setup needs a trial on the
    // experiment's own silo: trials go to the less loaded of two silos and that silo holds the experiment too, so with
    // 4 parallel trials of under a second it sometimes ran none before the study ended. Six parallel trials on three
    // silos put about two on every silo at any time.
    [Fact]
    public async Task Killing_the_experiments_silo_keeps_its_complete_trials_and_the_trials_elsewhere_and_fails_its_own_past_max_retries()
    {
        await using var cluster = await ProcessCluster.StartAsync(3, folder, environment: ProcessCluster.FastReminders);
        await cluster.ReportOnFailureAsync(output, async () =>
        {
            await using var client = await cluster.ConnectAsync(o => o.ResponseTimeout = TimeSpan.FromMinutes(1));
            var grain = client.GetGrain<IExperimentGrain>("home-killed");
            await grain.Start(Spec("home-killed", trials: 30, parallelism: 6, maxRetries: 0));
            var home = (await grain.GetStatus()).Silo!;

            // Kill the experiment's silo while it runs a trial of its own and another silo runs one too.
            var (before, _) = await WhenRunningAsync(grain, (trials, running) =>
                trials.Any(t => t.Status == TrialStatus.Complete)
                && MidRun(running) && running.Attempts[^1].Silo == home
                && trials.Any(t => t.Status == TrialStatus.Running && t.Attempts.Length > 0 && t.Attempts[^1].Silo is { } s && s != home));
            var victim = await IndexOfAsync(cluster, home);
            cluster.Kill(victim);
            output.WriteLine($"killed silo{victim} {home}, the experiment's silo; before the kill:\n{Describe(before)}");

            var status = await FinishedAsync(grain);
            var after = await grain.GetTrials();
            output.WriteLine($"after:\n{Describe(after)}");

            Assert.Equal(ExperimentPhase.Completed, status.Phase);
            Assert.NotEqual(home, status.Silo);
            AssertCompleteTrialsKept(before, after);
            Assert.All(after, t => Assert.Equal(1, t.Attempt)); // maxRetries 0: nothing ran twice

            // The trials on the dead silo are lost, and with no retries allowed they fail saying so.
            var lostThere = after.Where(t => RanOn(before, t.Number) == home && t.Status != TrialStatus.Complete).ToList();
            Assert.NotEmpty(lostThere);
            Assert.All(lostThere, t => Assert.Equal((TrialStatus.Failed, "lost to silo failures 1 times; no retries left (maxRetries 0)"), (t.Status, t.Reason)));

            // The trials running elsewhere kept running through the experiment's move, and their results were taken.
            var elsewhere = before.Where(t => RanOn(before, t.Number) is { } s && s != home).ToList();
            Assert.NotEmpty(elsewhere);
            Assert.All(elsewhere, t => Assert.True(after[t.Number].Status == TrialStatus.Complete, $"trial {t.Number} ended {after[t.Number].Status}: {after[t.Number].Reason}"));
        });
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task A_killed_and_restarted_cluster_resumes_the_experiment_from_its_reminder_alone_with_no_complete_trial_lost(int silos)
    {
        await using var cluster = await ProcessCluster.StartAsync(silos, folder, environment: ProcessCluster.FastReminders);
        await cluster.ReportOnFailureAsync(output, async () =>
        {
            const string Name = "full-restart";
            IReadOnlyList<TrialInfo> before;
            var killedAt = DateTime.UtcNow;
            await using (var client = await cluster.ConnectAsync(o => o.ResponseTimeout = TimeSpan.FromMinutes(1)))
            {
                var grain = client.GetGrain<IExperimentGrain>(Name);
                await grain.Start(Spec(Name, trials: 8, parallelism: 2, maxRetries: 2));
                (before, _) = await WhenRunningAsync(grain, (trials, running) => trials.Count(t => t.Status == TrialStatus.Complete) >= 2 && MidRun(running));
                killedAt = DateTime.UtcNow;
                for (var i = 0; i < silos; i++)
                {
                    cluster.Kill(i);
                }
            }

            for (var i = 0; i < silos; i++)
            {
                await cluster.StartSiloAsync(i);
            }

            // No client calls the experiment until it has finished: only its reminder can have woken it.
            await ProcessCluster.WaitUntilAsync(() => Task.FromResult(cluster.Output.Contains($"Experiment {Name} Completed", StringComparison.Ordinal)), ExperimentTimeout);
            await using var fresh = await cluster.ConnectAsync(o => o.ResponseTimeout = TimeSpan.FromMinutes(1));
            var status = await fresh.GetGrain<IExperimentGrain>(Name).GetStatus();
            var after = await fresh.GetGrain<IExperimentGrain>(Name).GetTrials();
            output.WriteLine($"before the kill:\n{Describe(before)}\nafter:\n{Describe(after)}");

            Assert.Equal(ExperimentPhase.Completed, status.Phase);
            Assert.Equal(8, status.Complete);
            AssertCompleteTrialsKept(before, after);
            // Lost with the silo and run again once, with the same parameters: every trial in its first half at the kill
            // (one running near its end may have finished first).
            var lost = before.Where(MidRun).ToList();
            Assert.NotEmpty(lost);
            Assert.All(lost, t => Assert.Equal(2, after[t.Number].Attempt));
            Assert.All(before.Where(t => t.Status == TrialStatus.Running), t => Assert.Equal(t.Params, after[t.Number].Params));
            AssertNoAttemptOverlaps(after, victim: null, killedAt);
        });
    }

    const int Epochs = 40;

    /// <summary>A study of MLP trials that take a second or more each, so kills land mid-run.</summary>
    static ExperimentSpec Spec(string name, int trials, int parallelism, int maxRetries) => new()
    {
        Name = name,
        Dataset = new DatasetSpec { Rows = 60_000, Features = 16, Classes = 3, Seed = 1 },
        Model = new ModelSpec { BatchSize = 32 },
        SearchSpace = """
            {"parameters":[
              {"name":"learning_rate","type":"float","low":0.001,"high":0.05,"log":true},
              {"name":"hidden_units","type":"int","low":64,"high":128}]}
            """,
        Sampler = "random",
        Seed = 5,
        Budget = new BudgetSpec { Trials = trials },
        Parallelism = parallelism,
        MaxRetries = maxRetries,
        Epochs = Epochs,
    };

    /// <summary>Whether a trial runs on a known silo and has reported at most half its epochs.</summary>
    static bool MidRun(TrialInfo t) =>
        t.Status == TrialStatus.Running && t.Attempts.Length > 0 && t.Attempts[^1].Silo is not null && t.IntermediateValues.Length <= Epochs / 2;

    /// <summary>
    /// Waits until <paramref name="ready"/> holds for the trials and one running trial on a known silo; returns the
    /// trials and that trial's silo.
    /// </summary>
    static async Task<(IReadOnlyList<TrialInfo> Trials, string Silo)> WhenRunningAsync(IExperimentGrain grain, Func<IReadOnlyList<TrialInfo>, TrialInfo, bool> ready)
    {
        IReadOnlyList<TrialInfo> trials = [];
        string? silo = null;
        await ProcessCluster.WaitUntilAsync(
            async () =>
            {
                trials = await grain.GetTrials();
                silo = trials
                    .Where(t => t.Status == TrialStatus.Running && t.Attempts.Length > 0 && t.Attempts[^1].Silo is not null)
                    .FirstOrDefault(t => ready(trials, t))?.Attempts[^1].Silo;
                return silo is not null;
            },
            ExperimentTimeout,
            () => Task.FromResult(Describe(trials)));
        return (trials, silo!);
    }

    static async Task<ExperimentStatus> FinishedAsync(IExperimentGrain grain)
    {
        ExperimentStatus? status = null;
        await ProcessCluster.WaitUntilAsync(
            async () => (status = await grain.GetStatus()).IsFinished,
            ExperimentTimeout,
            async () => $"{status}\n{Describe(await grain.GetTrials())}");
        return status!;
    }

    /// <summary>The silo trial <paramref name="number"/> was running on in <paramref name="trials"/>, or null when it was not running there or its silo was unknown.</summary>
    static string? RanOn(IReadOnlyList<TrialInfo> trials, int number) =>
        number < trials.Count && trials[number] is { Status: TrialStatus.Running, Attempts: [.., var last] } ? last.Silo : null;

    static async Task<int> IndexOfAsync(ProcessCluster cluster, string address)
    {
        for (var i = 0; i < cluster.Count; i++)
        {
            if (await cluster.SiloAddressAsync(i) == address)
            {
                return i;
            }
        }

        throw new InvalidOperationException($"no silo of the cluster has address {address}");
    }

    /// <summary>Every trial complete before the kill is still complete, with the same value and parameters, never run again.</summary>
    static void AssertCompleteTrialsKept(IReadOnlyList<TrialInfo> before, IReadOnlyList<TrialInfo> after)
    {
        var complete = before.Where(t => t.Status == TrialStatus.Complete).ToList();
        Assert.NotEmpty(complete);
        foreach (var t in complete)
        {
            var now = after[t.Number];
            Assert.Equal((TrialStatus.Complete, t.Value, 1), (now.Status, now.Value, now.Attempt));
            Assert.Equal(t.Params, now.Params);
        }
    }

    /// <summary>
    /// No trial ran twice at once: each attempt but the last was lost (on <paramref name="victim"/> when given and known) and found
    /// lost after the kill, and the next attempt started only after that.
    /// </summary>
    static void AssertNoAttemptOverlaps(IReadOnlyList<TrialInfo> after, string? victim, DateTime killedAt)
    {
        foreach (var t in after)
        {
            Assert.Equal(t.Attempt, t.Attempts.Length);
            foreach (var (earlier, later) in t.Attempts.Zip(t.Attempts.Skip(1)))
            {
                Assert.NotNull(earlier.LostAt);
                Assert.True(earlier.LostAt >= killedAt, $"trial {t.Number} attempt {earlier.Attempt} was found lost before the kill");
                Assert.True(later.StartedAt >= earlier.LostAt, $"trial {t.Number} attempt {later.Attempt} started before attempt {earlier.Attempt} was found lost");
                // Null: the start call never came back (e.g. placed on the victim after the kill, before its death was declared).
                Assert.True(victim is null || earlier.Silo is null || earlier.Silo == victim, $"trial {t.Number} attempt {earlier.Attempt} was lost on {earlier.Silo}, which did not die");
            }
        }
    }

    static string Describe(IEnumerable<TrialInfo> trials) =>
        string.Join("\n", trials.Select(t =>
            $"trial {t.Number} {t.Status} attempt {t.Attempt} epochs {t.IntermediateValues.Length} value {t.Value} reason {t.Reason} on {string.Join(" then ", t.Attempts.Select(a => $"{a.Silo} ({a.StartedAt:HH:mm:ss.fff}, lost {a.LostAt:HH:mm:ss.fff})"))}"));
}
