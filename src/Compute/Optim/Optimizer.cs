using BigDL.Compute.Nn;

namespace BigDL.Compute.Optim;

/// <summary>
/// Updates a slice of a flat parameter buffer from the matching slice of the gradient buffer, keeping its own
/// state (moments) for that slice. A whole model is the slice [0, Length); a parameter shard owns a smaller one.
/// </summary>
public abstract class Optimizer
{
    /// <summary>Creates an optimizer with a base learning rate.</summary>
    protected Optimizer(float learningRate) =>
        LearningRate = learningRate > 0 && float.IsFinite(learningRate)
            ? learningRate
            : throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "learning rate must be positive and finite");

    /// <summary>The base learning rate (used when no schedule is set).</summary>
    public float LearningRate { get; set; }

    /// <summary>An optional schedule; when set, step t uses <c>Schedule.At(t)</c> instead of <see cref="LearningRate"/>.</summary>
    public LearningRateSchedule? Schedule { get; set; }

    /// <summary>Steps taken so far.</summary>
    public long Steps { get; private set; }

    /// <summary>The slice length the state was sized for (0 before the first step).</summary>
    public int Length { get; private set; }

    /// <summary>The learning rate the next step will use.</summary>
    public float CurrentLearningRate => Schedule?.At(Steps) ?? LearningRate;

    /// <summary>Clears the gradients of every parameter (PyTorch's <c>zero_grad</c>).</summary>
    public static void ZeroGrad(ParameterSet parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        parameters.ZeroGrad();
    }

    /// <summary>One update of all of a model's parameters.</summary>
    public void Step(ParameterSet parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Step(parameters.Values, parameters.Gradients);
    }

    /// <summary>One update of the slice [offset, offset+length) of the flat buffers.</summary>
    public void Step(float[] values, float[] gradients, int offset, int length)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(gradients);
        Step(values.AsSpan(offset, length), gradients.AsSpan(offset, length));
    }

    /// <summary>One update: <paramref name="values"/> and <paramref name="gradients"/> are the slice this optimizer owns.</summary>
    public void Step(Span<float> values, ReadOnlySpan<float> gradients)
    {
        if (values.Length != gradients.Length)
        {
            throw new ArgumentException($"{GetType().Name}: {values.Length} values but {gradients.Length} gradients");
        }

        if (Length == 0)
        {
            Length = values.Length;
            CreateState(Length);
        }
        else if (values.Length != Length)
        {
            throw new ArgumentException($"{GetType().Name}: state covers {Length} elements, step given {values.Length}");
        }

        var lr = CurrentLearningRate;
        Steps++;
        Update(values, gradients, lr, Steps);
    }

    /// <summary>Named state buffers (for checkpoints); empty before the first step.</summary>
    public abstract IReadOnlyList<(string Name, float[] Values)> State { get; }

    /// <summary>Restores the step counter after loading state (checkpoint resume).</summary>
    public void RestoreSteps(long steps, int length)
    {
        Steps = steps;
        if (Length == 0 && length > 0)
        {
            Length = length;
            CreateState(length);
        }
    }

    /// <summary>Allocates per-element state for a slice of <paramref name="length"/>.</summary>
    protected abstract void CreateState(int length);

    /// <summary>The update proper; <paramref name="step"/> counts from 1.</summary>
    protected abstract void Update(Span<float> values, ReadOnlySpan<float> gradients, float learningRate, long step);
}
