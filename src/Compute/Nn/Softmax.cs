using System.Numerics.Tensors;
using BigDL.Compute.Tensors;

namespace BigDL.Compute.Nn;

/// <summary>Softmax over the last dimension.</summary>
public sealed class Softmax(string? name = null) : UnaryLayer(name)
{
    Tensor? _output, _inputGradient;

    /// <inheritdoc/>
    public override string Kind => "Softmax";

    /// <inheritdoc/>
    protected override int[] OnBuild(int[] inputShape, ParameterSet parameters) =>
        inputShape.Length > 0 ? inputShape : throw new ShapeMismatchException($"layer '{Name}' (Softmax) needs at least one input dimension");

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input, bool training = false)
    {
        CheckInput(input);
        EnsureBatch(ref _output, input.Dim(0), OutputShape);
        var n = OutputShape[^1];
        var x = input.Span;
        var y = _output.Span;
        for (var r = 0; r < x.Length; r += n)
        {
            TensorPrimitives.SoftMax(x.Slice(r, n), y.Slice(r, n));
        }

        return _output;
    }

    /// <inheritdoc/>
    public override Tensor? Backward(Tensor outputGradient)
    {
        ArgumentNullException.ThrowIfNull(outputGradient);
        if (_output is null)
        {
            throw new InvalidOperationException($"layer '{Name}' (Softmax): Backward before Forward");
        }

        if (!InputGradientRequired)
        {
            return null;
        }

        EnsureBatch(ref _inputGradient, _output.Dim(0), OutputShape);
        var n = OutputShape[^1];
        var y = _output.Span;
        var dy = outputGradient.Span;
        var dx = _inputGradient.Span;

        // dx = y ⊙ (dy − ⟨dy, y⟩) row by row.
        for (var r = 0; r < y.Length; r += n)
        {
            var dot = TensorPrimitives.Dot(dy.Slice(r, n), y.Slice(r, n));
            TensorPrimitives.Subtract(dy.Slice(r, n), dot, dx.Slice(r, n));
            TensorPrimitives.Multiply(dx.Slice(r, n), y.Slice(r, n), dx.Slice(r, n));
        }

        return _inputGradient;
    }
}
