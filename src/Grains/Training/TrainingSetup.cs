using BigDL.Compute.Losses;
using BigDL.Compute.Metrics;
using BigDL.Compute.Nn;
using BigDL.Compute.Optim;
using BigDL.Compute.Serialization;

namespace BigDL.Grains;

/// <summary>What every grain of a job derives the same way from its spec: model, loss, optimizer, shard slices.</summary>
internal static class TrainingSetup
{
    /// <summary>The model with its initial weights (same spec, same weights on every grain).</summary>
    public static Model BuildModel(TrainingJobSpec spec)
    {
        var model = ModelDescription.FromJson(spec.ModelJson);
        model.Build(spec.Seed);
        return model;
    }

    public static Loss CreateLoss(string name) => name switch
    {
        "softmax-cross-entropy" => new SoftmaxCrossEntropyLoss(),
        "bce-with-logits" => new BceWithLogitsLoss(),
        "mse" => new MseLoss(),
        _ => throw new TrainingSpecException(nameof(TrainingJobSpec.Loss), $"'{name}' is unknown; use softmax-cross-entropy, bce-with-logits or mse"),
    };

    /// <summary>Accuracy for a classification loss (argmax, or logit &gt; 0 for one output), null for a regression loss.</summary>
    public static Accuracy? AccuracyFor(string loss) => loss switch
    {
        "softmax-cross-entropy" => new Accuracy(),
        "bce-with-logits" => new Accuracy(threshold: 0),
        _ => null,
    };

    public static Optimizer CreateOptimizer(OptimizerSpec spec) => spec.Kind switch
    {
        "sgd" => new Sgd((float)spec.LearningRate, (float)spec.Momentum),
        "adam" => new Adam((float)spec.LearningRate),
        _ => throw new TrainingSpecException("Optimizer.Kind", $"'{spec.Kind}' is unknown; use sgd or adam"),
    };

    /// <summary>
    /// Shard <paramref name="index"/>'s slice of a flat vector of <paramref name="length"/>: contiguous, cut on 16-float
    /// boundaries (where parameters start), the first shards one block longer when the blocks do not divide evenly.
    /// </summary>
    public static (int Offset, int Length) ShardRange(int length, int shards, int index)
    {
        const int Block = 16;
        var blocks = (length + Block - 1) / Block;
        var start = (long)blocks * index / shards * Block;
        var end = Math.Min((long)blocks * (index + 1) / shards * Block, length);
        return ((int)Math.Min(start, length), (int)Math.Max(0, end - start));
    }

    /// <summary>Steps in one epoch: whole global batches only (the last partial batch is dropped, so every step has the same size).</summary>
    public static int StepsPerEpoch(TrainingJobSpec spec) => spec.Dataset.Rows / spec.GlobalBatchSize;

    /// <summary>Total steps of the job.</summary>
    public static long TotalSteps(TrainingJobSpec spec) => (long)StepsPerEpoch(spec) * spec.Epochs;
}
