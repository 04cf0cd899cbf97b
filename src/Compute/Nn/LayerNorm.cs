using System.Numerics.Tensors;
using System.Text.Json;

namespace BigDL.Compute.Nn;

/// <summary>Layer normalisation over the last dimension with a learned scale and shift (PyTorch <c>nn.LayerNorm</c>).</summary>
public sealed class LayerNorm(float epsilon = 1e-5f, string? name = null) : UnaryLayer(name)
{
    Tensor? _normalized, _output, _inputGradient, _scratch;
    float[] _rstd = [];
    int _rows;

    /// <summary>Added to the variance.</summary>
    public float Epsilon { get; } = epsilon;

    /// <summary>Scale γ [D], initialised to 1.</summary>
    public Parameter Weight { get; private set; } = null!; // set in OnBuild

    /// <summary>Shift β [D], initialised to 0.</summary>
    public Parameter Bias { get; private set; } = null!;

    /// <inheritdoc/>
    public override string Kind => "LayerNorm";

    /// <inheritdoc/>
    protected override int[] OnBuild(int[] inputShape, ParameterSet parameters)
    {
        if (inputShape.Length == 0)
        {
            throw new ShapeMismatchException($"layer '{Name}' (LayerNorm) needs at least one input dimension");
        }

        Weight = AddParameter(parameters, "weight", [inputShape[^1]], Init.Ones);
        Bias = AddParameter(parameters, "bias", [inputShape[^1]], Init.Zeros);
        return inputShape;
    }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input, bool training = false)
    {
        CheckInput(input);
        var d = OutputShape[^1];
        _rows = input.Length / d;
        EnsureBatch(ref _normalized, input.Dim(0), OutputShape);
        EnsureBatch(ref _output, input.Dim(0), OutputShape);
        if (_rstd.Length < _rows)
        {
            _rstd = new float[_rows];
        }

        var x = input.Span;
        var xhat = _normalized.Span;
        var y = _output.Span;
        for (var r = 0; r < _rows; r++)
        {
            var row = x.Slice(r * d, d);
            var mean = TensorPrimitives.Sum(row) / d;
            var h = xhat.Slice(r * d, d);
            TensorPrimitives.Subtract(row, mean, h);
            var variance = TensorPrimitives.SumOfSquares(h) / d;
            var rstd = 1 / MathF.Sqrt(variance + Epsilon);
            _rstd[r] = rstd;
            TensorPrimitives.Multiply(h, rstd, h);
            TensorPrimitives.FusedMultiplyAdd(h, Weight.Value, Bias.Value, y.Slice(r * d, d));
        }

        return _output;
    }

    /// <inheritdoc/>
    public override Tensor? Backward(Tensor outputGradient)
    {
        ArgumentNullException.ThrowIfNull(outputGradient);
        var d = OutputShape[^1];
        var dy = outputGradient.Span;
        var xhat = _normalized!.Span; // set by Forward
        Tensor.Ensure(ref _scratch, d);
        var dxhat = _scratch.Span;
        if (InputGradientRequired)
        {
            EnsureBatch(ref _inputGradient, outputGradient.Dim(0), OutputShape);
        }

        for (var r = 0; r < _rows; r++)
        {
            var g = dy.Slice(r * d, d);
            var h = xhat.Slice(r * d, d);
            TensorPrimitives.FusedMultiplyAdd(g, h, Weight.Grad, Weight.Grad);
            TensorPrimitives.Add(Bias.Grad, g, Bias.Grad);
            if (_inputGradient is null || !InputGradientRequired)
            {
                continue;
            }

            // dx = rstd·(dx̂ − mean(dx̂) − x̂·mean(dx̂·x̂)) with dx̂ = dy·γ.
            TensorPrimitives.Multiply(g, Weight.Value, dxhat);
            var meanDxhat = TensorPrimitives.Sum(dxhat) / d;
            var meanDxhatXhat = TensorPrimitives.Dot(dxhat, h) / d;
            var dx = _inputGradient.Span.Slice(r * d, d);
            TensorPrimitives.Multiply(h, -meanDxhatXhat, dx);
            TensorPrimitives.Add(dx, dxhat, dx);
            TensorPrimitives.Subtract(dx, meanDxhat, dx);
            TensorPrimitives.Multiply(dx, _rstd[r], dx);
        }

        return InputGradientRequired ? _inputGradient : null;
    }

    /// <inheritdoc/>
    protected internal override void WriteConfig(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteNumber("epsilon", Epsilon);
    }
}
