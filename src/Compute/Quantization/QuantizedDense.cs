using System.Text.Json;
using BigDL.Compute.Kernels;
using BigDL.Compute.Nn;

namespace BigDL.Compute.Quantization;

/// <summary>
/// Inference-only Dense on the int8 kernels: weights int8 with one scale per output channel, activations quantized per
/// row at run time (dynamic scale and zero point), int32 accumulation, then dequantisation, bias and activation.
/// </summary>
/// <remarks>
/// It declares the same float parameters as <see cref="Dense"/> (so weights load under the same names and the float
/// model stays the reference) and packs the int8 codes in <see cref="Quantize"/>. Backward is not supported.
/// </remarks>
public sealed class QuantizedDense(int units, Activation activation = Activation.Identity, bool useBias = true, string? name = null) : UnaryLayer(name)
{
    QuantizedWeights? _weights;
    Tensor? _output;

    /// <summary>Output features.</summary>
    public int Units { get; } = units > 0 ? units : throw new ArgumentOutOfRangeException(nameof(units), units, "units must be positive");

    /// <summary>Input features.</summary>
    public int InFeatures { get; private set; }

    /// <summary>The activation applied after dequantisation.</summary>
    public Activation Activation { get; } = activation;

    /// <summary>Whether a bias is added.</summary>
    public bool UseBias { get; } = useBias;

    /// <summary>The float weight [Units, InFeatures] (reference, and the source of the int8 codes).</summary>
    public Parameter Weight { get; private set; } = null!; // set in OnBuild

    /// <summary>The float bias.</summary>
    public Parameter? Bias { get; private set; }

    /// <summary>Per-output-channel weight scales max|w|/127, after <see cref="Quantize"/>.</summary>
    public IReadOnlyList<float> WeightScales => _weights is null ? [] : _weights.Scales.ToArray();

    /// <inheritdoc/>
    public override string Kind => "QuantizedDense";

    /// <inheritdoc/>
    protected override int[] OnBuild(int[] inputShape, ParameterSet parameters)
    {
        if (inputShape.Length == 0)
        {
            throw new ShapeMismatchException($"layer '{Name}' (QuantizedDense) needs at least one input dimension");
        }

        InFeatures = inputShape[^1];
        Weight = AddParameter(parameters, "weight", [Units, InFeatures], Init.FanIn(InFeatures));
        Bias = UseBias ? AddParameter(parameters, "bias", [Units], Init.FanIn(InFeatures)) : null;
        var output = (int[])inputShape.Clone();
        output[^1] = Units;
        return output;
    }

    /// <summary>(Re)computes and packs the int8 weight codes from the float weights; call again after changing them.</summary>
    public void Quantize() => _weights = QuantizedWeights.Quantize(Weight.Value, Units, InFeatures);

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input, bool training = false)
    {
        CheckInput(input);
        if (_weights is null)
        {
            Quantize();
        }

        EnsureBatch(ref _output, input.Dim(0), OutputShape);
        var bias = Bias is null ? default : (ReadOnlySpan<float>)Bias.Value;
        QuantizedGemm.Dense(input.Span, input.Length / InFeatures, _weights!, _output.Span, bias, Activation); // set above
        return _output;
    }

    /// <inheritdoc/>
    public override Tensor? Backward(Tensor outputGradient) =>
        throw new NotSupportedException($"layer '{Name}' (QuantizedDense) is inference-only; train the float model and quantize it again");

    /// <inheritdoc/>
    protected internal override void WriteConfig(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteNumber("units", Units);
        writer.WriteString("activation", Activation.ToString());
        writer.WriteBoolean("useBias", UseBias);
    }
}
