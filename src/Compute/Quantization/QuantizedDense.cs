using System.Numerics.Tensors;
using System.Text.Json;
using BigDL.Orleans.Compute.Kernels;
using BigDL.Orleans.Compute.Nn;

namespace BigDL.Orleans.Compute.Quantization;

/// <summary>
/// Inference-only Dense with int8 weights (symmetric, one scale per output channel) and int8 activations (symmetric,
/// one scale per input row, computed on the fly): y = f(s_x·s_w ⊙ (q_x · q_wᵀ) + b).
/// </summary>
/// <remarks>
/// It declares the same float parameters as <see cref="Dense"/> (so weights load by the same names) and quantizes them
/// in <see cref="Quantize"/>; the float weights stay as the reference. Backward is not supported.
/// </remarks>
public sealed class QuantizedDense(int units, Activation activation = Activation.Identity, bool useBias = true, string? name = null) : UnaryLayer(name)
{
    readonly IInt8Kernel _kernel = Int8Kernels.Default;
    object? _prepared;
    float[] _weightScales = [];
    sbyte[] _inputCodes = [];
    int[] _accumulators = [];
    float[] _rowScales = [], _scratch = [], _scaleRow = [];
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

    /// <summary>Per-output-channel weight scales, after <see cref="Quantize"/>.</summary>
    public IReadOnlyList<float> WeightScales => _weightScales;

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

    /// <summary>(Re)computes the int8 weight codes and scales from the float weights.</summary>
    public void Quantize()
    {
        var w = Weight.Value;
        var codes = new sbyte[Units * InFeatures];
        _weightScales = new float[Units];
        var scaled = new float[InFeatures];
        for (var o = 0; o < Units; o++)
        {
            var row = w.Slice(o * InFeatures, InFeatures);
            var max = Math.Abs(TensorPrimitives.MaxMagnitude(row)); // MaxMagnitude keeps the sign
            var scale = max > 0 ? max / 127 : 1;
            _weightScales[o] = scale;
            TensorPrimitives.Divide(row, scale, scaled);
            TensorPrimitives.Round(scaled, scaled);
            TensorPrimitives.ConvertSaturating<float, sbyte>(scaled, codes.AsSpan(o * InFeatures, InFeatures));
        }

        _prepared = _kernel.Prepare(codes, Units, InFeatures);
    }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input, bool training = false)
    {
        CheckInput(input);
        if (_prepared is null)
        {
            Quantize();
        }

        var rows = input.Length / InFeatures;
        EnsureBatch(ref _output, input.Dim(0), OutputShape);
        Grow(rows);
        var x = input.Span;
        var codes = _inputCodes.AsSpan(0, rows * InFeatures);
        var scratch = _scratch.AsSpan(0, InFeatures);
        for (var r = 0; r < rows; r++)
        {
            var row = x.Slice(r * InFeatures, InFeatures);
            var max = Math.Abs(TensorPrimitives.MaxMagnitude(row));
            var scale = max > 0 ? max / 127 : 1;
            _rowScales[r] = scale;
            TensorPrimitives.Multiply(row, 1 / scale, scratch);
            TensorPrimitives.Round(scratch, scratch);
            TensorPrimitives.ConvertSaturating<float, sbyte>(scratch, codes.Slice(r * InFeatures, InFeatures));
        }

        var acc = _accumulators.AsSpan(0, rows * Units);
        _kernel.Multiply(_prepared!, rows, codes, acc); // _prepared set above
        var y = _output.Span;
        var scaleRow = _scaleRow.AsSpan(0, Units);
        for (var r = 0; r < rows; r++)
        {
            var yr = y.Slice(r * Units, Units);
            TensorPrimitives.ConvertChecked<int, float>(acc.Slice(r * Units, Units), yr);
            TensorPrimitives.Multiply(_weightScales, _rowScales[r], scaleRow);
            if (Bias is null)
            {
                TensorPrimitives.Multiply(yr, scaleRow, yr);
            }
            else
            {
                TensorPrimitives.FusedMultiplyAdd(yr, scaleRow, Bias.Value, yr);
            }
        }

        if (Activation != Activation.Identity)
        {
            ActivationMath.Forward(Activation, y, y);
        }

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

    void Grow(int rows)
    {
        if (_rowScales.Length < rows)
        {
            _rowScales = new float[rows];
            _inputCodes = new sbyte[rows * InFeatures];
            _accumulators = new int[rows * Units];
        }

        if (_scratch.Length < InFeatures)
        {
            _scratch = new float[InFeatures];
            _scaleRow = new float[Units];
        }
    }
}
