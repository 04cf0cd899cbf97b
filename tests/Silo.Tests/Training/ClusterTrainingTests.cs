using BigDL.Compute.Models;
using BigDL.Compute.Nn;
using BigDL.Grains;
using Microsoft.Extensions.Configuration;
using Xunit.Abstractions;

namespace BigDL.Silo.Tests.Training;

/// <summary>
/// Data-parallel training on three real <c>bigdl silo</c> processes: replicas and shards spread over the silos train to
/// the accuracy of a local run, and <c>kill -9</c> of a silo running replicas, or of the driver's silo, still ends in a
/// completed job as accurate as an undisturbed one.
/// </summary>
public sealed class ClusterTrainingTests(ITestOutputHelper output) : IAsyncLifetime
{
    readonly string folder = Directory.CreateTempSubdirectory("bigdl-training-").FullName;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        Directory.Delete(folder, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task An_estimator_in_cluster_mode_trains_across_three_silo_processes_to_the_accuracy_of_local_training()
    {
        var options = new EstimatorOptions(Epochs: 6, GlobalBatchSize: 64, Replicas: 8, Shards: 3, StepsPerRound: 2, Seed: 11);
        await using var local = Estimator.Create(ClusterTrainingJobs.Model(), ClusterTrainingJobs.Optimizer, ClusterTrainingJobs.Loss);
        var reference = await ClusterTrainingJobs.FitAsync(local, ClusterTrainingJobs.Data, options with { Replicas = 1, Shards = 1 }, cluster: null);
        Assert.Equal(TrainingJobState.Completed, reference.State);

        await using var cluster = await ProcessCluster.StartAsync(3, folder);
        await cluster.ReportOnFailureAsync(output, async () =>
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["BigDL:Estimator:Mode"] = "cluster",
                ["BigDL:Estimator:Gateway"] = cluster.Gateways,
                ["BigDL:Estimator:ApiKey"] = ProcessCluster.ApiKey,
            }).Build();
            await using var remote = Estimator.Create(ClusterTrainingJobs.Model(), ClusterTrainingJobs.Optimizer, ClusterTrainingJobs.Loss, configuration);
            var result = await ClusterTrainingJobs.FitAsync(remote, ClusterTrainingJobs.Data, options, cluster);
            var status = await ClusterTrainingJobs.Within(remote.Job!.GetStatus());
            var silos = await Task.WhenAll(Enumerable.Range(0, 3).Select(cluster.SiloAddressAsync));
            output.WriteLine($"local {reference.Epochs[^1].ValidationAccuracy:F4}, cluster {result.Epochs[^1].ValidationAccuracy:F4}; {ClusterTrainingJobs.Describe(status)}");

            Assert.Equal(TrainingJobState.Completed, result.State);

            // Placed across the processes: replicas (and shards) on silos of this cluster, the replicas on more than one.
            var placement = status.Placement!;
            Assert.All(placement.Replicas.Concat(placement.Shards).Append(placement.Driver), s => Assert.Contains(s, silos));
            Assert.True(placement.Replicas.Distinct().Count() >= 2, ClusterTrainingJobs.Describe(status));

            // Same seed and global batch: the same steps as one local replica, up to the order the shards sum the chunks in.
            var localStatus = await ClusterTrainingJobs.Within(local.Job!.GetStatus());
            Assert.Equal(localStatus.StepLosses.Length, status.StepLosses.Length);
            for (var i = 0; i < status.StepLosses.Length; i++)
            {
                Assert.True(Math.Abs(localStatus.StepLosses[i] - status.StepLosses[i]) <= 1e-4 * Math.Abs(localStatus.StepLosses[i]), $"step {i + 1}: local {localStatus.StepLosses[i]:R}, cluster {status.StepLosses[i]:R}");
            }

            Assert.Equal(reference.Epochs[^1].ValidationAccuracy!.Value, result.Epochs[^1].ValidationAccuracy!.Value, 0.004); // 2 of 512 rows

            // The trained weights came back to the estimator's model.
            Assert.Equal((await ClusterTrainingJobs.Within(remote.Job.GetWeights())).Value, remote.Model.Parameters.Values);
        });
    }

    [Fact]
    public async Task An_embedding_model_trained_across_silo_processes_has_the_losses_of_one_local_replica()
    {
        // Replicas on another silo than a shard push packed chunks and are answered with only the rows their next step uses.
        static Model NeuMFModel() => NeuMF.Create(users: 300, items: 200, gmfDimension: 16, mlpLayers: [32, 16]);
        var data = new TrainingDataSpec("ncf", Rows: 2048, Features: 300, Classes: 200, Seed: 3);
        var optimizer = new OptimizerSpec("adam", 0.01);
        var options = new EstimatorOptions(Epochs: 2, GlobalBatchSize: 128, Replicas: 6, Shards: 2, StepsPerRound: 3, Seed: 5);
        await using var local = Estimator.Create(NeuMFModel(), optimizer, "bce-with-logits");
        var reference = await ClusterTrainingJobs.FitAsync(local, data, options with { Replicas = 1, Shards = 1 }, cluster: null);
        Assert.Equal(TrainingJobState.Completed, reference.State);

        await using var cluster = await ProcessCluster.StartAsync(3, folder);
        await cluster.ReportOnFailureAsync(output, async () =>
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["BigDL:Estimator:Mode"] = "cluster",
                ["BigDL:Estimator:Gateway"] = cluster.Gateways,
                ["BigDL:Estimator:ApiKey"] = ProcessCluster.ApiKey,
            }).Build();
            await using var remote = Estimator.Create(NeuMFModel(), optimizer, "bce-with-logits", configuration);
            var result = await ClusterTrainingJobs.FitAsync(remote, data, options, cluster);
            var status = await ClusterTrainingJobs.Within(remote.Job!.GetStatus());
            Assert.Equal(TrainingJobState.Completed, result.State);
            Assert.True(status.Placement!.Replicas.Distinct().Count() >= 2, ClusterTrainingJobs.Describe(status)); // so some replica is remote from a shard

            var localStatus = await ClusterTrainingJobs.Within(local.Job!.GetStatus());
            Assert.Equal(32, status.StepLosses.Length);
            Assert.Equal(localStatus.StepLosses.Length, status.StepLosses.Length);
            for (var i = 0; i < status.StepLosses.Length; i++)
            {
                Assert.True(Math.Abs(localStatus.StepLosses[i] - status.StepLosses[i]) <= 1e-4 * Math.Abs(localStatus.StepLosses[i]), $"step {i + 1}: local {localStatus.StepLosses[i]:R}, cluster {status.StepLosses[i]:R}");
            }
        });
    }

    [Fact]
    public async Task Kill_9_of_a_silo_running_replicas_mid_training_still_ends_in_a_completed_job_as_accurate_as_an_undisturbed_one()
    {
        var spec = ClusterTrainingJobs.Spec(epochs: 80);
        var undisturbed = await ClusterTrainingJobs.RunLocallyAsync(spec);
        await using var cluster = await ProcessCluster.StartAsync(3, folder, environment: ProcessCluster.FastReminders);
        await cluster.ReportOnFailureAsync(output, async () =>
        {
            await using var client = await cluster.ConnectAsync(o => o.ResponseTimeout = TimeSpan.FromMinutes(1));
            var job = client.GetGrain<ITrainingJobGrain>("replica-silo-killed");
            await ClusterTrainingJobs.Within(job.Start(spec));

            // A silo running replicas of this job but not its driver (the next test kills the driver's), after two checkpoints.
            var before = await ClusterTrainingJobs.WhenAsync(job, s => s.Step >= 2 * spec.CheckpointInterval && s.Placement is not null, "two checkpoints were written", cluster);
            var driver = before.Placement!.Driver;
            // One that holds a shard too, where placement gave one: then the shards roll back as well.
            var candidates = before.Placement.Replicas.Where(s => s != driver).Distinct().OrderByDescending(before.Placement.Shards.Contains).ToList();
            var victimAddress = candidates.FirstOrDefault()
                ?? throw new InvalidOperationException($"every replica runs on the driver's silo; {ClusterTrainingJobs.Describe(before)}");
            var victim = await ClusterTrainingJobs.IndexOfAsync(cluster, victimAddress);
            cluster.Kill(victim);
            output.WriteLine($"killed silo{victim} {victimAddress} at step {before.Step}; {ClusterTrainingJobs.Describe(before)}");

            var status = await ClusterTrainingJobs.WhenAsync(job, s => s.State != TrainingJobState.Running, "the job ended", cluster, ClusterTrainingJobs.JobTimeout);
            output.WriteLine(ClusterTrainingJobs.Describe(status));

            Assert.Equal(TrainingJobState.Completed, status.State);
            Assert.True(before.Step < status.TotalSteps, "the job ended before the kill");
            Assert.True(status.ReplicaRetries + status.Rollbacks >= 1, "nothing was re-run after the kill");
            Assert.DoesNotContain(victimAddress, status.Placement!.Replicas);
            Assert.DoesNotContain(victimAddress, status.Placement.Shards);
            Assert.Equal(spec.Epochs, status.Epochs.Length);
            Assert.Equal(undisturbed.Epochs[^1].ValidationAccuracy!.Value, status.Epochs[^1].ValidationAccuracy!.Value, 0.01);
        });
    }

    [Fact]
    public async Task Kill_9_of_the_drivers_silo_resumes_the_job_on_a_survivor_through_its_reminder_and_it_completes_as_accurate_as_an_undisturbed_one()
    {
        var spec = ClusterTrainingJobs.Spec(epochs: 80);
        var undisturbed = await ClusterTrainingJobs.RunLocallyAsync(spec);
        await using var cluster = await ProcessCluster.StartAsync(3, folder, environment: ProcessCluster.FastReminders);
        await cluster.ReportOnFailureAsync(output, async () =>
        {
            var total = spec.Epochs * (spec.Dataset.Rows / spec.GlobalBatchSize);
            string victimAddress;
            TrainingJobStatus before;
            await using (var client = await cluster.ConnectAsync(o => o.ResponseTimeout = TimeSpan.FromMinutes(1)))
            {
                var job = client.GetGrain<ITrainingJobGrain>("driver-silo-killed");
                await ClusterTrainingJobs.Within(job.Start(spec));
                before = await ClusterTrainingJobs.WhenAsync(job, s => s.Step >= 2 * spec.CheckpointInterval && s.Placement is not null, "two checkpoints were written", cluster);
                victimAddress = before.Placement!.Driver;
                cluster.Kill(await ClusterTrainingJobs.IndexOfAsync(cluster, victimAddress));
                output.WriteLine($"killed the driver's silo {victimAddress} at step {before.Step}; {ClusterTrainingJobs.Describe(before)}");
            }

            // Only the reminder can wake the driver: a fresh client watches the shards, never the job, until every step is applied.
            await using var watcher = await cluster.ConnectAsync(o => o.ResponseTimeout = TimeSpan.FromMinutes(1));
            var shards = Enumerable.Range(0, spec.Shards).Select(s => watcher.GetGrain<IParameterShardGrain>($"driver-silo-killed/{s}")).ToList();
            await ProcessCluster.WaitUntilAsync(
                async () => (await ClusterTrainingJobs.Within(Task.WhenAll(shards.Select((s, i) => s.GetSlice(spec, i))))).All(x => x.StepsApplied == total),
                ClusterTrainingJobs.JobTimeout,
                async () => $"shards at steps {string.Join(", ", (await ClusterTrainingJobs.Within(Task.WhenAll(shards.Select((s, i) => s.GetSlice(spec, i))))).Select(x => x.StepsApplied))} of {total}{ClusterTrainingJobs.OutputOf(cluster)}");
            var status = await ClusterTrainingJobs.WhenAsync(watcher.GetGrain<ITrainingJobGrain>("driver-silo-killed"), s => s.State != TrainingJobState.Running, "the job ended", cluster, ClusterTrainingJobs.JobTimeout);
            output.WriteLine(ClusterTrainingJobs.Describe(status));

            Assert.Equal(TrainingJobState.Completed, status.State);
            Assert.True(before.Step < total, "the job ended before the kill");
            Assert.NotNull(status.ResumedFrom);
            Assert.True(status.ResumedFrom % spec.CheckpointInterval == 0 && status.ResumedFrom >= 2 * spec.CheckpointInterval, $"resumed from step {status.ResumedFrom}");
            Assert.NotEqual(victimAddress, status.Placement!.Driver);
            Assert.Equal(total, status.StepLosses.Length);
            Assert.All(status.StepLosses, l => Assert.True(double.IsFinite(l), "a step's loss was lost"));
            Assert.Equal(spec.Epochs, status.Epochs.Length);
            Assert.Equal(undisturbed.Epochs[^1].ValidationAccuracy!.Value, status.Epochs[^1].ValidationAccuracy!.Value, 0.01);
        });
    }
}

