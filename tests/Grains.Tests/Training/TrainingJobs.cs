using BigDL.Compute.Models;
using BigDL.Compute.Serialization;

namespace BigDL.Grains.Tests;

/// <summary>Small job specs for the training tests.</summary>
public static class TrainingJobs
{
    public static readonly string MlpJson = ModelDescription.ToJson(Mlp.Classifier(8, [16], 3));

    /// <summary>An MLP on generated 3-class data: 512 rows, so 8 steps per epoch at a global batch of 64.</summary>
    public static TrainingJobSpec MlpJob(int replicas, int shards = 1, int epochs = 2, int stepsPerRound = 1, double learningRate = 0.1, int checkpointInterval = 0) =>
        new(MlpJson, "softmax-cross-entropy", new OptimizerSpec("sgd", learningRate, Momentum: 0.9),
            new TrainingDataSpec("classification", Rows: 512, Features: 8, Classes: 3, Seed: 5, ValidationRows: 64),
            GlobalBatchSize: 64, Replicas: replicas, Shards: shards, Epochs: epochs, StepsPerRound: stepsPerRound,
            CheckpointInterval: checkpointInterval, Seed: 11);

    public static async Task<TrainingJobStatus> RunAsync(IClusterClient client, string key, TrainingJobSpec spec)
    {
        var job = client.GetGrain<ITrainingJobGrain>(key);
        await job.Start(spec);
        var status = await Eventually.MatchesAsync(job.GetStatus, s => s.State != TrainingJobState.Running, $"job '{key}' ended");
        Assert.True(status.State != TrainingJobState.Failed, $"job '{key}' failed: {status.Message}");
        return status;
    }

    public static void AssertSameLosses(IReadOnlyList<double> expected, IReadOnlyList<double> actual, double relative = 1e-4)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            var tolerance = relative * Math.Abs(expected[i]);
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance, $"step {i + 1}: expected {expected[i]:R}, got {actual[i]:R}");
        }
    }
}
