using System.Numerics.Tensors;
using BigDL.Compute.Tensors;

namespace BigDL.Compute.Nn;

/// <summary>Elementwise product of inputs of equal shape (NeuMF's GMF branch).</summary>
public sealed class Multiply(int arity = 2, string? name = null) : MergeLayer(arity, name)
{
    Tensor? _output;
    Tensor[] _inputs = [];

    /// <inheritdoc/>
    public override string Kind => "Multiply";

    /// <inheritdoc/>
    protected override int[] OnBuild(int[][] inputShapes, ParameterSet parameters)
    {
        _inputs = new Tensor[Arity];
        return SameShapes(inputShapes);
    }

    /// <inheritdoc/>
    public override Tensor Forward(ReadOnlySpan<Tensor> inputs, bool training)
    {
        var batch = CheckInputs(inputs);
        inputs.CopyTo(_inputs);
        EnsureBatch(ref _output, batch, OutputShape);
        TensorPrimitives.Multiply(inputs[0].Span, inputs[1].Span, _output.Span);
        for (var i = 2; i < inputs.Length; i++)
        {
            TensorPrimitives.Multiply(_output.Span, inputs[i].Span, _output.Span);
        }

        return _output;
    }

    /// <inheritdoc/>
    public override void Backward(Tensor outputGradient, Span<Tensor?> inputGradients)
    {
        ArgumentNullException.ThrowIfNull(outputGradient);
        for (var i = 0; i < Arity; i++)
        {
            EnsureBatch(ref Gradients[i], outputGradient.Dim(0), OutputShape);
            var dx = Gradients[i]!.Span;
            outputGradient.Span.CopyTo(dx);
            for (var j = 0; j < Arity; j++)
            {
                if (j != i)
                {
                    TensorPrimitives.Multiply(dx, _inputs[j].Span, dx);
                }
            }

            inputGradients[i] = Gradients[i];
        }
    }
}
