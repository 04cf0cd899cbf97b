using BigDL.Orleans.Compute.Models;
using BigDL.Orleans.Compute.Nn;
using BigDL.Orleans.Compute.Serialization;
using BigDL.Orleans.Grains;

namespace BigDL.Orleans.Silo.Tests.Training;

/// <summary>The small MLP job the multi-process training tests run, its local reference run, and waiting on a job.</summary>
internal static class ClusterTrainingJobs
{
    public const string Loss = "softmax-cross-entropy";

    public static readonly OptimizerSpec Optimizer = new("sgd", 0.01, Momentum: 0.9);

    /// <summary>
    /// 2048 generated rows of 32 features in 8 classes (32 steps per epoch at a global batch of 64), 512 validation rows:
    /// hard enough that the validation accuracy is still climbing, so a disturbed run that trained differently would show.
    /// </summary>
    public static readonly TrainingDataSpec Data = new("classification", Rows: 2048, Features: 32, Classes: 8, Seed: 5, ValidationRows: 512);

    public static Model Model() => Mlp.Classifier(32, [32], 8);

    /// <summary>6 replicas and 3 shards over the silos, 2 steps per round, a checkpoint every 8 steps.</summary>
    public static TrainingJobSpec Spec(int epochs) =>
        new(ModelDescription.ToJson(Model()), Loss, Optimizer, Data, GlobalBatchSize: 64, Replicas: 6, Shards: 3, Epochs: epochs,
            StepsPerRound: 2, CheckpointInterval: 8, Seed: 11);

    /// <summary>The same job, trained by one replica on an in-process silo: the undisturbed reference.</summary>
    public static async Task<EstimatorResult> RunLocallyAsync(TrainingJobSpec spec)
    {
        await using var local = Estimator.Create(Model(), spec.Optimizer, spec.Loss);
        var result = await local.FitAsync(spec.Dataset, new EstimatorOptions(spec.Epochs, spec.GlobalBatchSize, Seed: spec.Seed));
        Assert.Equal(TrainingJobState.Completed, result.State);
        return result;
    }

    /// <summary>Polls the job's status until <paramref name="condition"/> holds (a minute by default); the cluster may be settling meanwhile.</summary>
    public static async Task<TrainingJobStatus> WhenAsync(ITrainingJobGrain job, Func<TrainingJobStatus, bool> condition, string what, TimeSpan? timeout = null)
    {
        TrainingJobStatus? last = null;
        await ProcessCluster.WaitUntilAsync(
            async () => condition(last = await job.GetStatus()),
            timeout ?? TimeSpan.FromSeconds(60),
            () => Task.FromResult($"{what}; last seen: {(last is null ? "no status" : Describe(last))}"));
        return last!;
    }

    public static async Task<int> IndexOfAsync(ProcessCluster cluster, string address)
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

    public static string Describe(TrainingJobStatus s) =>
        $"{s.State} at step {s.Step}/{s.TotalSteps} ({s.Message}), checkpoint {s.CheckpointStep}, resumed from {s.ResumedFrom?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"}, " +
        $"{s.ReplicaRetries} replica retries, {s.Rollbacks} rollbacks, {s.Telemetry.SamplesPerSecond:F0} samples/s, " +
        $"driver {s.Placement?.Driver}, replicas [{string.Join(", ", s.Placement?.Replicas ?? [])}], shards [{string.Join(", ", s.Placement?.Shards ?? [])}]";
}
