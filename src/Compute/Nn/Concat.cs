using BigDL.Compute.Tensors;

namespace BigDL.Compute.Nn;

/// <summary>Concatenates inputs along the last dimension (PyTorch <c>torch.cat(xs, -1)</c>).</summary>
public sealed class Concat(int arity = 2, string? name = null) : MergeLayer(arity, name)
{
    Tensor? _output;
    int[] _widths = [];

    /// <inheritdoc/>
    public override string Kind => "Concat";

    /// <inheritdoc/>
    protected override int[] OnBuild(int[][] inputShapes, ParameterSet parameters)
    {
        var first = inputShapes[0];
        for (var i = 1; i < inputShapes.Length; i++)
        {
            if (inputShapes[i].Length != first.Length || !inputShapes[i].AsSpan(0, first.Length - 1).SequenceEqual(first.AsSpan(0, first.Length - 1)))
            {
                throw new ShapeMismatchException(
                    $"layer '{Name}' (Concat): input {i} shape {Tensor.ShapeText(inputShapes[i])} does not match input 0 {Tensor.ShapeText(first)} outside the last dimension");
            }
        }

        _widths = [.. inputShapes.Select(s => s[^1])];
        var output = (int[])first.Clone();
        output[^1] = _widths.Sum();
        return output;
    }

    /// <inheritdoc/>
    public override Tensor Forward(ReadOnlySpan<Tensor> inputs, bool training)
    {
        var batch = CheckInputs(inputs);
        EnsureBatch(ref _output, batch, OutputShape);
        var total = OutputShape[^1];
        var rows = _output.Length / total;
        var y = _output.Span;
        var column = 0;
        for (var i = 0; i < inputs.Length; i++)
        {
            var w = _widths[i];
            var x = inputs[i].Span;
            for (var r = 0; r < rows; r++)
            {
                x.Slice(r * w, w).CopyTo(y.Slice(r * total + column, w));
            }

            column += w;
        }

        return _output;
    }

    /// <inheritdoc/>
    public override void Backward(Tensor outputGradient, Span<Tensor?> inputGradients)
    {
        ArgumentNullException.ThrowIfNull(outputGradient);
        var total = OutputShape[^1];
        var rows = outputGradient.Length / total;
        var dy = outputGradient.Span;
        var column = 0;
        for (var i = 0; i < Arity; i++)
        {
            var w = _widths[i];
            EnsureBatch(ref Gradients[i], outputGradient.Dim(0), InputShapes[i]);
            var dx = Gradients[i]!.Span;
            for (var r = 0; r < rows; r++)
            {
                dy.Slice(r * total + column, w).CopyTo(dx.Slice(r * w, w));
            }

            inputGradients[i] = Gradients[i];
            column += w;
        }
    }
}
