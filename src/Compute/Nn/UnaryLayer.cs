using BigDL.Compute.Tensors;

namespace BigDL.Compute.Nn;

/// <summary>A layer with exactly one input: most layers.</summary>
public abstract class UnaryLayer(string? name) : Layer(name)
{
    /// <summary>Computes the output for a batch; the result belongs to the layer until its next call.</summary>
    public abstract Tensor Forward(Tensor input, bool training = false);

    /// <summary>Accumulates parameter gradients and returns dLoss/dInput (null when not required).</summary>
    public abstract Tensor? Backward(Tensor outputGradient);

    /// <summary>Declares parameters for one input shape and returns the output shape.</summary>
    protected abstract int[] OnBuild(int[] inputShape, ParameterSet parameters);

    /// <inheritdoc/>
    public sealed override Tensor Forward(ReadOnlySpan<Tensor> inputs, bool training) => Forward(inputs[0], training);

    /// <inheritdoc/>
    public sealed override void Backward(Tensor outputGradient, Span<Tensor?> inputGradients) =>
        inputGradients[0] = Backward(outputGradient);

    /// <inheritdoc/>
    protected sealed override int[] OnBuild(int[][] inputShapes, ParameterSet parameters)
    {
        ArgumentNullException.ThrowIfNull(inputShapes);
        return OnBuild(inputShapes[0], parameters);
    }

    /// <summary>Builds the layer standalone (its own parameter set, seeded), for tests and tools.</summary>
    public ParameterSet BuildStandalone(int[] inputShape, int seed = 0)
    {
        var parameters = new ParameterSet();
        if (string.IsNullOrEmpty(Name))
        {
            Name = Kind.ToLowerInvariant();
        }

        Build([inputShape], parameters);
        parameters.Allocate(seed);
        return parameters;
    }
}
