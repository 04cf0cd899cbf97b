using System.Numerics.Tensors;
using BigDL.Compute.Tensors;

namespace BigDL.Compute.Nn;

/// <summary>Elementwise sum of inputs of equal shape.</summary>
public sealed class Add(int arity = 2, string? name = null) : MergeLayer(arity, name)
{
    Tensor? _output;

    /// <inheritdoc/>
    public override string Kind => "Add";

    /// <inheritdoc/>
    protected override int[] OnBuild(int[][] inputShapes, ParameterSet parameters) => SameShapes(inputShapes);

    /// <inheritdoc/>
    public override Tensor Forward(ReadOnlySpan<Tensor> inputs, bool training)
    {
        var batch = CheckInputs(inputs);
        EnsureBatch(ref _output, batch, OutputShape);
        inputs[0].Span.CopyTo(_output.Span);
        for (var i = 1; i < inputs.Length; i++)
        {
            TensorPrimitives.Add(_output.Span, inputs[i].Span, _output.Span);
        }

        return _output;
    }

    /// <inheritdoc/>
    public override void Backward(Tensor outputGradient, Span<Tensor?> inputGradients)
    {
        // The gradient of a sum passes unchanged to every input; consumers only read it.
        for (var i = 0; i < Arity; i++)
        {
            inputGradients[i] = outputGradient;
        }
    }
}
