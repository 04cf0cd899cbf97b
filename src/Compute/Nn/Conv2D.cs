using System.Text.Json;
using BigDL.Compute.Kernels;

namespace BigDL.Compute.Nn;

/// <summary>
/// 2-D convolution over [batch, channels, height, width] (PyTorch <c>nn.Conv2d</c>, weight [filters, channels, kh, kw]),
/// with fused bias and activation.
/// </summary>
/// <remarks>
/// im2col lays the whole batch out as rows = output positions, so the convolution is one GEMM
/// [B·Ho·Wo, C·kh·kw]·[C·kh·kw, F] whose epilogue adds the bias per filter.
/// </remarks>
public sealed class Conv2D : UnaryLayer
{
    Tensor? _columns, _positions, _output, _delta, _dColumns, _inputGradient;
    int _c, _h, _w, _ho, _wo, _batch;

    /// <summary>Creates a convolution of <paramref name="filters"/> filters.</summary>
    public Conv2D(int filters, int[] kernel, int[]? stride = null, int[]? padding = null, Activation activation = Activation.Identity, string? name = null)
        : base(name)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        Filters = filters > 0 ? filters : throw new ArgumentOutOfRangeException(nameof(filters), filters, "filters must be positive");
        Kernel = kernel.Length == 2 && kernel.All(k => k > 0) ? kernel : throw new ArgumentException("kernel must be [kh, kw], positive", nameof(kernel));
        Stride = stride ?? [1, 1];
        Padding = padding ?? [0, 0];
        // GELU's derivative needs the pre-activation, which this layer does not keep.
        Activation = activation != Activation.Gelu ? activation : throw new NotSupportedException("Conv2D fuses Identity, ReLU, Tanh or Sigmoid; add a Gelu layer after it");
    }

    /// <summary>Number of output channels.</summary>
    public int Filters { get; }

    /// <summary>[kh, kw].</summary>
    public int[] Kernel { get; }

    /// <summary>[sh, sw].</summary>
    public int[] Stride { get; }

    /// <summary>Zero padding [ph, pw] on each side.</summary>
    public int[] Padding { get; }

    /// <summary>The fused activation.</summary>
    public Activation Activation { get; }

    /// <summary>Weight [F, C, kh, kw].</summary>
    public Parameter Weight { get; private set; } = null!; // set in OnBuild

    /// <summary>Bias [F].</summary>
    public Parameter Bias { get; private set; } = null!;

    /// <inheritdoc/>
    public override string Kind => "Conv2D";

    int Patch => _c * Kernel[0] * Kernel[1];

    /// <inheritdoc/>
    protected override int[] OnBuild(int[] inputShape, ParameterSet parameters)
    {
        if (inputShape.Length != 3)
        {
            throw new ShapeMismatchException($"layer '{Name}' (Conv2D) takes [batch, channels, height, width], got [batch, {string.Join(", ", inputShape)}]");
        }

        (_c, _h, _w) = (inputShape[0], inputShape[1], inputShape[2]);
        _ho = (_h + 2 * Padding[0] - Kernel[0]) / Stride[0] + 1;
        _wo = (_w + 2 * Padding[1] - Kernel[1]) / Stride[1] + 1;
        if (_ho <= 0 || _wo <= 0)
        {
            throw new ShapeMismatchException($"layer '{Name}' (Conv2D): kernel {Kernel[0]}x{Kernel[1]} does not fit input {_h}x{_w}");
        }

        Weight = AddParameter(parameters, "weight", [Filters, _c, Kernel[0], Kernel[1]], Init.FanIn(Patch));
        Bias = AddParameter(parameters, "bias", [Filters], Init.FanIn(Patch));
        return [Filters, _ho, _wo];
    }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input, bool training = false)
    {
        CheckInput(input);
        _batch = input.Dim(0);
        var rows = _batch * _ho * _wo;
        Tensor.Ensure(ref _columns, rows, Patch);
        Tensor.Ensure(ref _positions, rows, Filters);
        EnsureBatch(ref _output, _batch, OutputShape);
        Im2Col(input.Span, _columns.Span);
        Gemm.Sgemm(false, true, rows, Filters, Patch, 1, _columns.Span, Patch, Weight.Value, Patch, 0, _positions.Span, Filters, Bias.Value, Activation);

        // [B·Ho·Wo, F] → [B, F, Ho·Wo]
        var hw = _ho * _wo;
        var p = _positions.Span;
        var y = _output.Span;
        for (var b = 0; b < _batch; b++)
        {
            for (var s = 0; s < hw; s++)
            {
                var row = p.Slice((b * hw + s) * Filters, Filters);
                for (var f = 0; f < Filters; f++)
                {
                    y[(b * Filters + f) * hw + s] = row[f];
                }
            }
        }

        return _output;
    }

    /// <inheritdoc/>
    public override Tensor? Backward(Tensor outputGradient)
    {
        ArgumentNullException.ThrowIfNull(outputGradient);
        var hw = _ho * _wo;
        var rows = _batch * hw;
        Tensor.Ensure(ref _delta, rows, Filters);
        var dy = outputGradient.Span;
        var delta = _delta.Span;
        for (var b = 0; b < _batch; b++)
        {
            for (var f = 0; f < Filters; f++)
            {
                for (var s = 0; s < hw; s++)
                {
                    delta[(b * hw + s) * Filters + f] = dy[(b * Filters + f) * hw + s];
                }
            }
        }

        ActivationMath.Backward(Activation, default, _positions!.Span, delta, delta);
        Gemm.Sgemm(true, false, Filters, Patch, rows, 1, delta, Filters, _columns!.Span, Patch, 1, Weight.Grad, Patch);
        ActivationMath.AddColumnSums(delta, rows, Filters, Bias.Grad);
        if (!InputGradientRequired)
        {
            return null;
        }

        Tensor.Ensure(ref _dColumns, rows, Patch);
        Gemm.Sgemm(false, false, rows, Patch, Filters, 1, delta, Filters, Weight.Value, Patch, 0, _dColumns.Span, Patch);
        EnsureBatch(ref _inputGradient, _batch, InputShapes[0]);
        Col2Im(_dColumns.Span, _inputGradient.Span);
        return _inputGradient;
    }

    // Row (b, oy, ox) of the column matrix holds the patch under that output position, channel-major like the weight.
    void Im2Col(ReadOnlySpan<float> x, Span<float> columns)
    {
        int kh = Kernel[0], kw = Kernel[1];
        var row = 0;
        for (var b = 0; b < _batch; b++)
        {
            for (var oy = 0; oy < _ho; oy++)
            {
                for (var ox = 0; ox < _wo; ox++, row++)
                {
                    var dst = columns.Slice(row * Patch, Patch);
                    var k = 0;
                    for (var c = 0; c < _c; c++)
                    {
                        for (var i = 0; i < kh; i++)
                        {
                            var iy = oy * Stride[0] - Padding[0] + i;
                            for (var j = 0; j < kw; j++, k++)
                            {
                                var ix = ox * Stride[1] - Padding[1] + j;
                                dst[k] = (uint)iy < (uint)_h && (uint)ix < (uint)_w ? x[((b * _c + c) * _h + iy) * _w + ix] : 0;
                            }
                        }
                    }
                }
            }
        }
    }

    void Col2Im(ReadOnlySpan<float> columns, Span<float> dx)
    {
        dx.Clear();
        int kh = Kernel[0], kw = Kernel[1];
        var row = 0;
        for (var b = 0; b < _batch; b++)
        {
            for (var oy = 0; oy < _ho; oy++)
            {
                for (var ox = 0; ox < _wo; ox++, row++)
                {
                    var src = columns.Slice(row * Patch, Patch);
                    var k = 0;
                    for (var c = 0; c < _c; c++)
                    {
                        for (var i = 0; i < kh; i++)
                        {
                            var iy = oy * Stride[0] - Padding[0] + i;
                            for (var j = 0; j < kw; j++, k++)
                            {
                                var ix = ox * Stride[1] - Padding[1] + j;
                                if ((uint)iy < (uint)_h && (uint)ix < (uint)_w)
                                {
                                    dx[((b * _c + c) * _h + iy) * _w + ix] += src[k];
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// <inheritdoc/>
    protected internal override void WriteConfig(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteNumber("filters", Filters);
        Ints(writer, "kernel", Kernel);
        Ints(writer, "stride", Stride);
        Ints(writer, "padding", Padding);
        writer.WriteString("activation", Activation.ToString());
    }

    internal static void Ints(Utf8JsonWriter writer, string name, int[] values)
    {
        writer.WriteStartArray(name);
        foreach (var v in values)
        {
            writer.WriteNumberValue(v);
        }

        writer.WriteEndArray();
    }
}
