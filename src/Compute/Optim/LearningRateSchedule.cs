namespace BigDL.Compute.Optim;

/// <summary>A learning rate as a function of the step (0-based).</summary>
public abstract class LearningRateSchedule
{
    /// <summary>The rate at step <paramref name="step"/>.</summary>
    public abstract float At(long step);

    /// <summary>Goyal et al. 2017's linear scaling rule: lr grows with the global batch, lr·batch/baseBatch.</summary>
    public static float LinearScaling(float baseLearningRate, int baseBatchSize, int globalBatchSize) =>
        baseBatchSize > 0 && globalBatchSize > 0
            ? baseLearningRate * globalBatchSize / baseBatchSize
            : throw new ArgumentOutOfRangeException(nameof(baseBatchSize), "batch sizes must be positive");
}

/// <summary>A constant rate.</summary>
public sealed class ConstantSchedule(float rate) : LearningRateSchedule
{
    /// <inheritdoc/>
    public override float At(long step) => rate;
}

/// <summary>Multiplies the rate by gamma every stepSize steps (PyTorch <c>StepLR</c>).</summary>
public sealed class StepSchedule(float rate, int stepSize, float gamma = 0.1f) : LearningRateSchedule
{
    /// <inheritdoc/>
    public override float At(long step) => rate * MathF.Pow(gamma, step / Math.Max(stepSize, 1));
}

/// <summary>Cosine annealing from the rate to minRate over totalSteps, then minRate (PyTorch <c>CosineAnnealingLR</c>).</summary>
public sealed class CosineSchedule(float rate, long totalSteps, float minRate = 0) : LearningRateSchedule
{
    /// <inheritdoc/>
    public override float At(long step) =>
        step >= totalSteps ? minRate : minRate + (rate - minRate) * 0.5f * (1 + MathF.Cos(MathF.PI * step / totalSteps));
}

/// <summary>Linear warm-up from startFactor·target to the inner schedule's first rate over warmupSteps, then the inner schedule (Goyal et al. 2017).</summary>
public sealed class WarmupSchedule(LearningRateSchedule inner, long warmupSteps, float startFactor = 0) : LearningRateSchedule
{
    /// <inheritdoc/>
    public override float At(long step)
    {
        ArgumentNullException.ThrowIfNull(inner);
        if (step >= warmupSteps)
        {
            return inner.At(step - warmupSteps);
        }

        var target = inner.At(0);
        var fraction = (float)step / warmupSteps;
        return target * (startFactor + (1 - startFactor) * fraction);
    }
}
