using System.Text.Json;
using BigDL.Compute.Kernels;
using BigDL.Compute.Tensors;

namespace BigDL.Compute.Nn;

/// <summary>A fully connected layer y = f(x·Wᵀ + b) over the last dimension (PyTorch's Linear, weight [out, in]).</summary>
/// <remarks>The bias and activation run in the GEMM epilogue; the backward pass derives f' from the output.</remarks>
public sealed class Dense(int units, Activation activation = Activation.Identity, bool useBias = true, string? name = null) : UnaryLayer(name)
{
    Tensor? _output, _preActivation, _delta, _inputGradient;
    Tensor? _input;

    /// <summary>Output features.</summary>
    public int Units { get; } = units > 0 ? units : throw new ArgumentOutOfRangeException(nameof(units), units, "units must be positive");

    /// <summary>Input features (the last input dimension), known after build.</summary>
    public int InFeatures { get; private set; }

    /// <summary>The fused activation.</summary>
    public Activation Activation { get; } = activation;

    /// <summary>Whether a bias is added.</summary>
    public bool UseBias { get; } = useBias;

    /// <summary>The weight [Units, InFeatures].</summary>
    public Parameter Weight { get; private set; } = null!; // set in OnBuild, before any use

    /// <summary>The bias [Units], or null without bias.</summary>
    public Parameter? Bias { get; private set; }

    /// <inheritdoc/>
    public override string Kind => "Dense";

    /// <inheritdoc/>
    protected override int[] OnBuild(int[] inputShape, ParameterSet parameters)
    {
        if (inputShape.Length == 0)
        {
            throw new ShapeMismatchException($"layer '{Name}' (Dense) needs at least one input dimension");
        }

        InFeatures = inputShape[^1];
        Weight = AddParameter(parameters, "weight", [Units, InFeatures], Init.FanIn(InFeatures));
        Bias = UseBias ? AddParameter(parameters, "bias", [Units], Init.FanIn(InFeatures)) : null;
        var output = (int[])inputShape.Clone();
        output[^1] = Units;
        return output;
    }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input, bool training = false)
    {
        CheckInput(input);
        _input = input;
        var rows = input.Length / InFeatures;
        EnsureBatch(ref _output, input.Dim(0), OutputShape);
        var bias = Bias is null ? default : (ReadOnlySpan<float>)Bias.Value;
        if (Units < NarrowUnits)
        {
            ForwardNarrow(input.Span, rows, bias);
        }
        else if (ActivationMath.DerivativeFromOutput(Activation))
        {
            Gemm.Sgemm(false, true, rows, Units, InFeatures, 1, input.Span, InFeatures, Weight.Value, InFeatures, 0, _output.Span, Units, bias, Activation);
        }
        else
        {
            // GELU's derivative needs the pre-activation, so the epilogue stops before the activation.
            EnsureBatch(ref _preActivation, input.Dim(0), OutputShape);
            Gemm.Sgemm(false, true, rows, Units, InFeatures, 1, input.Span, InFeatures, Weight.Value, InFeatures, 0, _preActivation.Span, Units, bias);
            ActivationMath.Forward(Activation, _preActivation.Span, _output.Span);
        }

        return _output;
    }

    // Below this width a packed GEMM spends its time packing and padding (a 2048×96 by 96×1 product ran at ~2 GFLOP/s);
    // one dot product per output is much cheaper.
    const int NarrowUnits = 4;

    void ForwardNarrow(ReadOnlySpan<float> x, int rows, ReadOnlySpan<float> bias)
    {
        var target = ActivationMath.DerivativeFromOutput(Activation) ? _output!.Span : PreActivation(x.Length / InFeatures);
        var w = Weight.Value;
        for (var r = 0; r < rows; r++)
        {
            var row = x.Slice(r * InFeatures, InFeatures);
            for (var o = 0; o < Units; o++)
            {
                target[r * Units + o] = System.Numerics.Tensors.TensorPrimitives.Dot(row, w.Slice(o * InFeatures, InFeatures)) + (bias.IsEmpty ? 0 : bias[o]);
            }
        }

        ActivationMath.Forward(Activation, target, _output!.Span);
    }

    Span<float> PreActivation(int rows)
    {
        Tensor.Ensure(ref _preActivation, rows, Units);
        return _preActivation.Span;
    }

    /// <inheritdoc/>
    public override Tensor? Backward(Tensor outputGradient)
    {
        ArgumentNullException.ThrowIfNull(outputGradient);
        if (_input is null || _output is null)
        {
            throw new InvalidOperationException($"layer '{Name}' (Dense): Backward before Forward");
        }

        if (!outputGradient.SameShape(_output))
        {
            throw new ShapeMismatchException($"layer '{Name}' (Dense): output gradient {outputGradient} does not match output {_output}");
        }

        var rows = _input.Length / InFeatures;
        ReadOnlySpan<float> delta = outputGradient.Span;
        if (Activation != Activation.Identity)
        {
            EnsureBatch(ref _delta, _input.Dim(0), OutputShape);
            ActivationMath.Backward(Activation, _preActivation is null ? default : _preActivation.Span, _output.Span, outputGradient.Span, _delta.Span);
            delta = _delta.Span;
        }

        // dW += deltaᵀ·x ; db += column sums of delta ; dx = delta·W
        Gemm.Sgemm(true, false, Units, InFeatures, rows, 1, delta, Units, _input.Span, InFeatures, 1, Weight.Grad, InFeatures);
        if (Bias is not null)
        {
            ActivationMath.AddColumnSums(delta, rows, Units, Bias.Grad);
        }

        if (!InputGradientRequired)
        {
            return null;
        }

        EnsureBatch(ref _inputGradient, _input.Dim(0), InputShapes[0]);
        Gemm.Sgemm(false, false, rows, InFeatures, Units, 1, delta, Units, Weight.Value, InFeatures, 0, _inputGradient.Span, InFeatures);
        return _inputGradient;
    }

    /// <inheritdoc/>
    protected internal override void WriteConfig(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteNumber("units", Units);
        writer.WriteString("activation", Activation.ToString());
        writer.WriteBoolean("useBias", UseBias);
    }
}
