using BigDL.Compute.Models;
using BigDL.Compute.Nn;
using BigDL.Compute.Serialization;
using BigDL.Grains;

namespace BigDL.Silo.Tests.Training;

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

    /// <summary>
    /// The longest any wait on a job may take before the test fails (a whole job, or a kill, the death declaration, the
    /// backed-off rollbacks and the rest of the job): generous for a loaded 2-core machine, and never forever.
    /// </summary>
    public static readonly TimeSpan JobTimeout = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The longest one grain call may take: past the clients' response timeout (a minute), so it fires only where the runtime
    /// failed to time a call out, and a poll whose call never returned cannot outlive its own deadline.
    /// </summary>
    public static readonly TimeSpan CallTimeout = TimeSpan.FromMinutes(2);

    /// <summary>Awaits one grain call for at most <see cref="CallTimeout"/> (a <see cref="TimeoutException"/> past it).</summary>
    public static Task<T> Within<T>(Task<T> call) => call.WaitAsync(CallTimeout);

    /// <inheritdoc cref="Within{T}(Task{T})"/>
    public static Task Within(Task call) => call.WaitAsync(CallTimeout);

    /// <summary>The same job, trained by one replica on an in-process silo: the undisturbed reference.</summary>
    public static async Task<EstimatorResult> RunLocallyAsync(TrainingJobSpec spec)
    {
        await using var local = Estimator.Create(Model(), spec.Optimizer, spec.Loss);
        var result = await FitAsync(local, spec.Dataset, new EstimatorOptions(spec.Epochs, spec.GlobalBatchSize, Seed: spec.Seed), cluster: null);
        Assert.Equal(TrainingJobState.Completed, result.State);
        return result;
    }

    /// <summary>Fits, failing after <see cref="JobTimeout"/> with the job's status and, for a cluster, every silo's output.</summary>
    public static async Task<EstimatorResult> FitAsync(Estimator estimator, TrainingDataSpec data, EstimatorOptions options, ProcessCluster? cluster)
    {
        using var deadline = new CancellationTokenSource(JobTimeout);
        try
        {
            return await estimator.FitAsync(data, options, deadline.Token);
        }
        catch (OperationCanceledException e) when (deadline.IsCancellationRequested)
        {
            Assert.Fail($"the fit did not end within {JobTimeout}: {e.Message}; {await DescribeAsync(estimator.Job)}{OutputOf(cluster)}");
            throw;
        }
    }

    /// <summary>Polls the job's status until <paramref name="condition"/> holds (a minute by default); the cluster may be settling meanwhile.</summary>
    public static async Task<TrainingJobStatus> WhenAsync(
        ITrainingJobGrain job, Func<TrainingJobStatus, bool> condition, string what, ProcessCluster cluster, TimeSpan? timeout = null)
    {
        TrainingJobStatus? last = null;
        await ProcessCluster.WaitUntilAsync(
            async () => condition(last = await Within(job.GetStatus())),
            timeout ?? TimeSpan.FromSeconds(60),
            () => Task.FromResult($"{what}; last seen: {(last is null ? "no status" : Describe(last))}{OutputOf(cluster)}"));
        return last!;
    }

    /// <summary>Every silo's output, to end a failure message with.</summary>
    public static string OutputOf(ProcessCluster? cluster) => cluster is null ? "" : $"\n{cluster.Output}";

    // The job's status for a failure message: read with a bound, since the cluster may be what stalls.
    static async Task<string> DescribeAsync(ITrainingJobGrain? job)
    {
        if (job is null)
        {
            return "the job never started";
        }

        try
        {
            return Describe(await job.GetStatus().WaitAsync(TimeSpan.FromSeconds(30)));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return $"its status could not be read: {e.Message}";
        }
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
