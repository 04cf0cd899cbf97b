namespace BigDL.Compute.Kernels;

/// <summary>
/// A Dense layer's weights quantized to int8 with one scale per output channel, packed once for the integer kernels.
/// w[j, k] ≈ <see cref="Scales"/>[j] · q[j, k] with q in [−127, 127] (symmetric: no weight zero point to correct for).
/// </summary>
public sealed class QuantizedWeights
{
    /// <summary>Output channels per packed panel: the integer kernels' tile width (4 registers of 8 int32 lanes).</summary>
    internal const int PanelWidth = 32;

    /// <summary>Input features per packed group: a VNNI dot product consumes 4 bytes per lane.</summary>
    internal const int GroupSize = 4;

    /// <summary>
    /// The most inputs a layer may have: 255·128 per product summed over 65,536 inputs still fits an int32
    /// (the kernels never saturate, so a longer sum could wrap).
    /// </summary>
    public const int MaxInputs = 65_536;

    readonly float[] _scales;

    QuantizedWeights(int outputs, int inputs)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(inputs, MaxInputs);
        Outputs = outputs;
        Inputs = inputs;
        Groups = (inputs + GroupSize - 1) / GroupSize;
        Panels = (outputs + PanelWidth - 1) / PanelWidth;
        Packed = new sbyte[Panels * Groups * PanelWidth * GroupSize];
        ColumnSums = new int[Panels * PanelWidth];
        PaddedScales = new float[Panels * PanelWidth];
        _scales = new float[outputs];
    }

    /// <summary>Output channels (n): rows of the float weight matrix.</summary>
    public int Outputs { get; }

    /// <summary>Input features (k): columns of the float weight matrix.</summary>
    public int Inputs { get; }

    /// <summary>The per-output-channel scales, maxabs(w[j, :]) / 127 (0 for an all-zero channel).</summary>
    public ReadOnlySpan<float> Scales => _scales;

    /// <summary>Groups of 4 inputs (the last one zero-padded).</summary>
    internal int Groups { get; }

    /// <summary>Panels of 32 outputs (the last one zero-padded).</summary>
    internal int Panels { get; }

    /// <summary>
    /// Panel p, group g, lane c, byte t is q[32p + c, 4g + t], at ((p·Groups + g)·32 + c)·4 + t: one 32-byte load gives
    /// 8 channels × 4 inputs, what a VNNI dot product multiplies against 4 broadcast activation bytes.
    /// </summary>
    internal sbyte[] Packed { get; }

    /// <summary>Σ_k q[j, k] per output (0 in padding): corrects for the activations' zero points.</summary>
    internal int[] ColumnSums { get; }

    /// <summary><see cref="Scales"/> padded with zeros to whole panels.</summary>
    internal float[] PaddedScales { get; }

    /// <summary>
    /// Quantizes <paramref name="weights"/>, row-major outputs × inputs (PyTorch's Linear layout, as <c>Dense</c> stores it).
    /// Done once per model; the result is immutable and safe to share between threads.
    /// </summary>
    /// <exception cref="ArgumentException">The span does not hold outputs × inputs floats.</exception>
    public static QuantizedWeights Quantize(ReadOnlySpan<float> weights, int outputs, int inputs)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(outputs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(inputs, 1);
        if (weights.Length != (long)outputs * inputs)
        {
            throw new ArgumentException($"weights has {weights.Length} elements; outputs × inputs = {outputs}×{inputs} needs {(long)outputs * inputs}", nameof(weights));
        }

        var q = new QuantizedWeights(outputs, inputs);
        var rowCodes = new sbyte[inputs]; // once per model: quantizing is not on a hot path
        for (var j = 0; j < outputs; j++)
        {
            var row = weights.Slice(j * inputs, inputs);
            var maxAbs = System.Numerics.Tensors.TensorPrimitives.MaxMagnitude(row);
            maxAbs = MathF.Abs(maxAbs);
            var scale = maxAbs / 127f;
            var inverse = scale == 0 ? 0 : 1 / scale;
            q._scales[j] = scale;
            q.PaddedScales[j] = scale;
            for (var k = 0; k < inputs; k++)
            {
                rowCodes[k] = (sbyte)Math.Clamp(MathF.Round(row[k] * inverse), -127, 127);
            }

            q.SetRow(j, rowCodes);
        }

        return q;
    }

    /// <summary>Writes output channel j's codes into its panel lane and records their sum.</summary>
    void SetRow(int j, ReadOnlySpan<sbyte> codes)
    {
        var panel = j / PanelWidth;
        var lane = j % PanelWidth;
        var sum = 0;
        for (var k = 0; k < codes.Length; k++)
        {
            sum += codes[k];
            Packed[((((panel * Groups) + (k / GroupSize)) * PanelWidth) + lane) * GroupSize + (k % GroupSize)] = codes[k];
        }

        ColumnSums[j] = sum;
    }

    /// <summary>
    /// Packs weights already quantized elsewhere: <paramref name="codes"/> row-major outputs × inputs, with
    /// w[j, k] ≈ scales[j]·codes[j, k]. Any int8 code works, −128 included (the kernels' sums are exact).
    /// </summary>
    /// <exception cref="ArgumentException">A span does not match outputs × inputs (or outputs for the scales).</exception>
    public static QuantizedWeights FromCodes(ReadOnlySpan<sbyte> codes, ReadOnlySpan<float> scales, int outputs, int inputs)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(outputs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(inputs, 1);
        if (codes.Length != (long)outputs * inputs)
        {
            throw new ArgumentException($"codes has {codes.Length} elements; outputs × inputs = {outputs}×{inputs} needs {(long)outputs * inputs}", nameof(codes));
        }

        if (scales.Length != outputs)
        {
            throw new ArgumentException($"scales has {scales.Length} elements; it needs one per output, {outputs}", nameof(scales));
        }

        var q = new QuantizedWeights(outputs, inputs);
        scales.CopyTo(q._scales);
        scales.CopyTo(q.PaddedScales);
        for (var j = 0; j < outputs; j++)
        {
            q.SetRow(j, codes.Slice(j * inputs, inputs));
        }

        return q;
    }

    /// <summary>The quantized value q[j, k] (tests and diagnostics).</summary>
    internal sbyte At(int output, int input) =>
        Packed[((((output / PanelWidth * Groups) + (input / GroupSize)) * PanelWidth) + (output % PanelWidth)) * GroupSize + (input % GroupSize)];
}
