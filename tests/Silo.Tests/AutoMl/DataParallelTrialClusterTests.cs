using BigDL.Grains;
using Xunit.Abstractions;

namespace BigDL.Silo.Tests.AutoMl;

/// <summary>
/// Data-parallel trials on real <c>bigdl silo</c> processes: each trial's training job spreads its replicas over the
/// silos, and <c>kill -9</c> of a silo holding part of a running trial's job leaves the trial running at its first
/// attempt (the job recovers on its own) to a complete result.
/// </summary>
public sealed class DataParallelTrialClusterTests(ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>Long enough for the study, a kill, the death declaration and the job's recovery on a loaded 2-core machine.</summary>
    static readonly TimeSpan Timeout = TimeSpan.FromMinutes(4);

    const int Epochs = 30;

    readonly string folder = Directory.CreateTempSubdirectory("bigdl-dp-trials-").FullName;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        Directory.Delete(folder, recursive: true);
        return Task.CompletedTask;
    }

    static ExperimentSpec Spec(string name) => new()
    {
        Name = name,
        Dataset = new DatasetSpec { Rows = 6000, Features = 16, Classes = 3, Seed = 1 },
        Model = new ModelSpec { BatchSize = 48, Replicas = 3 },
        SearchSpace = """
            {"parameters":[
              {"name":"learning_rate","type":"float","low":0.002,"high":0.02,"log":true},
              {"name":"hidden_units","type":"int","low":16,"high":32}]}
            """,
        Sampler = "random",
        Seed = 5,
        Budget = new BudgetSpec { Trials = 4 },
        Parallelism = 2,
        MaxRetries = 2,
        Epochs = Epochs,
    };

    [Fact]
    public async Task Killing_a_silo_under_a_running_trials_job_leaves_the_trial_at_its_first_attempt_and_complete()
    {
        await using var cluster = await ProcessCluster.StartAsync(3, folder, environment: ProcessCluster.FastReminders);
        await cluster.ReportOnFailureAsync(output, async () =>
        {
            const string Name = "dp-kill";
            await using var client = await cluster.ConnectAsync(o => o.ResponseTimeout = TimeSpan.FromMinutes(1));
            var grain = client.GetGrain<IExperimentGrain>(Name);
            await grain.Start(Spec(Name));
            var home = (await grain.GetStatus()).Silo!;
            ITrainingJobGrain Job(int number) => client.GetGrain<ITrainingJobGrain>(TrainingJobKeys.OfTrial(Name, number, 1));

            // A running trial, in its first half, whose job has a replica or its driver on a silo that hosts neither the
            // experiment nor the trial grain itself: killing that silo hurts only the job.
            TrialInfo? target = null;
            string? victimAddress = null;
            var silos = new List<string>();
            for (var i = 0; i < cluster.Count; i++)
            {
                silos.Add(await cluster.SiloAddressAsync(i));
            }

            await ProcessCluster.WaitUntilAsync(
                async () =>
                {
                    foreach (var t in await grain.GetTrials())
                    {
                        if (t is not { Status: TrialStatus.Running, Attempt: 1, Attempts: [.., { Silo: { } trialSilo }] } || t.IntermediateValues.Length > Epochs / 2)
                        {
                            continue;
                        }

                        var job = await Job(t.Number).GetStatus();
                        if (job is not { State: TrainingJobState.Running, Placement: { } placement } || placement.Replicas.IsEmpty)
                        {
                            continue;
                        }

                        var used = placement.Replicas.Append(placement.Driver).ToHashSet();
                        victimAddress = silos.FirstOrDefault(s => s != home && s != trialSilo && used.Contains(s));
                        if (victimAddress is not null)
                        {
                            target = t;
                            output.WriteLine($"trial {t.Number} on {trialSilo}; experiment on {home}; job driver {placement.Driver}, replicas {string.Join(", ", placement.Replicas)}");
                            return true;
                        }
                    }

                    return false;
                },
                Timeout);

            var victim = silos.IndexOf(victimAddress!);
            cluster.Kill(victim);
            output.WriteLine($"killed silo{victim} {victimAddress}");

            ExperimentStatus? status = null;
            await ProcessCluster.WaitUntilAsync(async () => (status = await grain.GetStatus()).IsFinished, Timeout, async () => $"{status}");
            var trials = await grain.GetTrials();
            var after = trials[target!.Number];
            var recovered = await Job(target.Number).GetStatus();
            output.WriteLine(string.Join("\n", trials.Select(t => $"trial {t.Number} {t.Status} attempt {t.Attempt} value {t.Value} reason {t.Reason}")));
            output.WriteLine($"job: {recovered.State} retries {recovered.ReplicaRetries} rollbacks {recovered.Rollbacks} resumed from {recovered.ResumedFrom}; {recovered.Message}");

            Assert.Equal(ExperimentPhase.Completed, status!.Phase);
            Assert.All(trials, t => Assert.True(t.Status is TrialStatus.Complete, $"trial {t.Number}: {t.Status} {t.Reason}"));
            Assert.Equal(1, after.Attempt); // not lost: the job recovered under the same trial attempt
            Assert.Equal(Epochs, after.IntermediateValues.Length);
            Assert.Equal(TrainingJobState.Completed, recovered.State);
            Assert.True(recovered.ReplicaRetries > 0 || recovered.Rollbacks > 0 || recovered.ResumedFrom is not null, "the job never noticed the kill");
            Assert.DoesNotContain(victimAddress, recovered.Placement!.Replicas);
            Assert.True(after.Value > 0.8, $"trial {after.Number} reached only {after.Value}");
        });
    }
}
