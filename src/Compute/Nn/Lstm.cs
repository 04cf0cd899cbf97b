using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Text.Json;
using BigDL.Compute.Kernels;

namespace BigDL.Compute.Nn;

/// <summary>
/// One LSTM layer, batch first: [batch, steps, features] → [batch, hidden] (last step) or [batch, steps, hidden].
/// PyTorch's parameters and gate order (i, f, g, o): weight_ih [4H, F], weight_hh [4H, H], bias_ih, bias_hh [4H].
/// </summary>
/// <remarks>
/// Work runs time-major: the input projection of all steps is one GEMM ([T·B, F]·[F, 4H]); each step adds h·W_hhᵀ
/// with one [B, H]·[H, 4H] GEMM. The backward pass forms weight gradients as single GEMMs over all steps.
/// </remarks>
public sealed class Lstm(int hidden, bool returnSequences = false, string? name = null) : UnaryLayer(name)
{
    Tensor? _xt, _gates, _cells, _tanhCells, _hiddens, _output, _dGates, _dh, _dc, _dxt, _inputGradient, _bias;
    int _steps, _features, _batch;

    /// <summary>Hidden size H.</summary>
    public int Hidden { get; } = hidden > 0 ? hidden : throw new ArgumentOutOfRangeException(nameof(hidden), hidden, "hidden size must be positive");

    /// <summary>Whether every step's hidden state is returned rather than the last.</summary>
    public bool ReturnSequences { get; } = returnSequences;

    /// <summary>Input-to-hidden weights [4H, F].</summary>
    public Parameter WeightIh { get; private set; } = null!; // set in OnBuild

    /// <summary>Hidden-to-hidden weights [4H, H].</summary>
    public Parameter WeightHh { get; private set; } = null!;

    /// <summary>Input bias [4H].</summary>
    public Parameter BiasIh { get; private set; } = null!;

    /// <summary>Hidden bias [4H].</summary>
    public Parameter BiasHh { get; private set; } = null!;

    /// <inheritdoc/>
    public override string Kind => "LSTM";

    /// <inheritdoc/>
    protected override int[] OnBuild(int[] inputShape, ParameterSet parameters)
    {
        if (inputShape.Length != 2)
        {
            throw new ShapeMismatchException($"layer '{Name}' (LSTM) takes [batch, steps, features], got [batch, {string.Join(", ", inputShape)}]");
        }

        (_steps, _features) = (inputShape[0], inputShape[1]);
        var init = Init.FanIn(Hidden); // PyTorch: U(-1/sqrt(H), 1/sqrt(H)) for every LSTM parameter
        WeightIh = AddParameter(parameters, "weight_ih", [4 * Hidden, _features], init);
        WeightHh = AddParameter(parameters, "weight_hh", [4 * Hidden, Hidden], init);
        BiasIh = AddParameter(parameters, "bias_ih", [4 * Hidden], init);
        BiasHh = AddParameter(parameters, "bias_hh", [4 * Hidden], init);
        return ReturnSequences ? [_steps, Hidden] : [Hidden];
    }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input, bool training = false)
    {
        CheckInput(input);
        int b = input.Dim(0), t = _steps, f = _features, h = Hidden, g4 = 4 * Hidden;
        _batch = b;
        Tensor.Ensure(ref _xt, t, b, f);
        Tensor.Ensure(ref _gates, t, b, g4);
        Tensor.Ensure(ref _cells, t + 1, b, h);
        Tensor.Ensure(ref _tanhCells, t, b, h);
        Tensor.Ensure(ref _hiddens, t + 1, b, h);
        Tensor.Ensure(ref _bias, g4);
        EnsureBatch(ref _output, b, OutputShape);

        TimeMajor(input.Span, _xt.Span, b, t, f);
        TensorPrimitives.Add(BiasIh.Value, BiasHh.Value, _bias.Span);
        Gemm.Sgemm(false, true, t * b, g4, f, 1, _xt.Span, f, WeightIh.Value, f, 0, _gates.Span, g4, _bias.Span);

        var cells = _cells.Span;
        var hiddens = _hiddens.Span;
        cells[..(b * h)].Clear();
        hiddens[..(b * h)].Clear();
        var bh = b * h;
        for (var s = 0; s < t; s++)
        {
            var z = _gates.Span.Slice(s * b * g4, b * g4);
            Gemm.Sgemm(false, true, b, g4, h, 1, hiddens.Slice(s * bh, bh), h, WeightHh.Value, h, 1, z, g4);
            for (var r = 0; r < b; r++)
            {
                var row = z.Slice(r * g4, g4);
                TensorPrimitives.Sigmoid(row[..(2 * h)], row[..(2 * h)]);
                TensorPrimitives.Tanh(row.Slice(2 * h, h), row.Slice(2 * h, h));
                TensorPrimitives.Sigmoid(row.Slice(3 * h, h), row.Slice(3 * h, h));
                CellForward(row, cells.Slice(s * bh + r * h, h), cells.Slice((s + 1) * bh + r * h, h),
                    _tanhCells.Span.Slice(s * bh + r * h, h), hiddens.Slice((s + 1) * bh + r * h, h), h);
            }
        }

        if (ReturnSequences)
        {
            BatchMajor(hiddens[bh..], _output.Span, b, t, h);
        }
        else
        {
            hiddens.Slice(t * bh, bh).CopyTo(_output.Span);
        }

        return _output;
    }

    /// <inheritdoc/>
    public override Tensor? Backward(Tensor outputGradient)
    {
        ArgumentNullException.ThrowIfNull(outputGradient);
        if (_gates is null || _batch == 0)
        {
            throw new InvalidOperationException($"layer '{Name}' (LSTM): Backward before Forward");
        }

        int b = _batch, t = _steps, f = _features, h = Hidden, g4 = 4 * Hidden, bh = b * h;
        Tensor.Ensure(ref _dGates, t, b, g4);
        Tensor.Ensure(ref _dh, b, h);
        Tensor.Ensure(ref _dc, b, h);
        var dh = _dh.Span;
        var dc = _dc.Span;
        dh.Clear();
        dc.Clear();
        var dy = outputGradient.Span;
        for (var s = t - 1; s >= 0; s--)
        {
            if (ReturnSequences)
            {
                for (var r = 0; r < b; r++)
                {
                    TensorPrimitives.Add(dh.Slice(r * h, h), dy.Slice((r * t + s) * h, h), dh.Slice(r * h, h));
                }
            }
            else if (s == t - 1)
            {
                dy[..bh].CopyTo(dh);
            }

            var z = _gates!.Span.Slice(s * b * g4, b * g4);
            var dz = _dGates.Span.Slice(s * b * g4, b * g4);
            for (var r = 0; r < b; r++)
            {
                CellBackward(z.Slice(r * g4, g4), _cells!.Span.Slice(s * bh + r * h, h), _tanhCells!.Span.Slice(s * bh + r * h, h),
                    dh.Slice(r * h, h), dc.Slice(r * h, h), dz.Slice(r * g4, g4), h);
            }

            // dh for step s−1 flows back through W_hh.
            Gemm.Sgemm(false, false, b, h, g4, 1, dz, g4, WeightHh.Value, h, 0, dh, h);
        }

        // Weight gradients over all steps at once: dW_hh += dZᵀ·h_{s−1}, dW_ih += dZᵀ·x_s.
        var all = _dGates.Span[..(t * b * g4)];
        Gemm.Sgemm(true, false, g4, h, t * b, 1, all, g4, _hiddens!.Span, h, 1, WeightHh.Grad, h);
        Gemm.Sgemm(true, false, g4, f, t * b, 1, all, g4, _xt!.Span, f, 1, WeightIh.Grad, f);
        ActivationMath.AddColumnSums(all, t * b, g4, BiasIh.Grad);
        ActivationMath.AddColumnSums(all, t * b, g4, BiasHh.Grad);
        if (!InputGradientRequired)
        {
            return null;
        }

        Tensor.Ensure(ref _dxt, t, b, f);
        Gemm.Sgemm(false, false, t * b, f, g4, 1, all, g4, WeightIh.Value, f, 0, _dxt.Span, f);
        EnsureBatch(ref _inputGradient, b, InputShapes[0]);
        BatchMajor(_dxt.Span, _inputGradient.Span, b, t, f);
        return _inputGradient;
    }

    // Gates (activated) row = [i f g o]; c = f·c_prev + i·g; h = o·tanh(c).
    static void CellForward(Span<float> gates, ReadOnlySpan<float> cPrev, Span<float> c, Span<float> tanhC, Span<float> hOut, int h)
    {
        var i = gates[..h];
        var f = gates.Slice(h, h);
        var g = gates.Slice(2 * h, h);
        var o = gates.Slice(3 * h, h);
        TensorPrimitives.Multiply(f, cPrev, c);
        TensorPrimitives.MultiplyAdd(i, g, c, c);
        TensorPrimitives.Tanh(c, tanhC);
        TensorPrimitives.Multiply(o, tanhC, hOut);
    }

    // Given dh (total) and dc (from step s+1), writes dZ and leaves dc for step s−1 in place.
    static void CellBackward(ReadOnlySpan<float> gates, ReadOnlySpan<float> cPrev, ReadOnlySpan<float> tanhC, ReadOnlySpan<float> dh, Span<float> dc, Span<float> dz, int h)
    {
        var vi = MemoryMarshal.Cast<float, Vector<float>>(gates[..h]);
        var vf = MemoryMarshal.Cast<float, Vector<float>>(gates.Slice(h, h));
        var vg = MemoryMarshal.Cast<float, Vector<float>>(gates.Slice(2 * h, h));
        var vo = MemoryMarshal.Cast<float, Vector<float>>(gates.Slice(3 * h, h));
        var vcp = MemoryMarshal.Cast<float, Vector<float>>(cPrev);
        var vtc = MemoryMarshal.Cast<float, Vector<float>>(tanhC);
        var vdh = MemoryMarshal.Cast<float, Vector<float>>(dh);
        var vdc = MemoryMarshal.Cast<float, Vector<float>>(dc);
        var dzi = MemoryMarshal.Cast<float, Vector<float>>(dz[..h]);
        var dzf = MemoryMarshal.Cast<float, Vector<float>>(dz.Slice(h, h));
        var dzg = MemoryMarshal.Cast<float, Vector<float>>(dz.Slice(2 * h, h));
        var dzo = MemoryMarshal.Cast<float, Vector<float>>(dz.Slice(3 * h, h));
        var one = Vector<float>.One;
        for (var k = 0; k < vi.Length; k++)
        {
            var o = vo[k];
            var tc = vtc[k];
            var c = vdc[k] + vdh[k] * o * (one - tc * tc);
            var i = vi[k];
            var f = vf[k];
            var g = vg[k];
            dzi[k] = c * g * i * (one - i);
            dzf[k] = c * vcp[k] * f * (one - f);
            dzg[k] = c * i * (one - g * g);
            dzo[k] = vdh[k] * tc * o * (one - o);
            vdc[k] = c * f;
        }

        for (var k = vi.Length * Vector<float>.Count; k < h; k++)
        {
            float o = gates[3 * h + k], tc = tanhC[k], i = gates[k], f = gates[h + k], g = gates[2 * h + k];
            var c = dc[k] + dh[k] * o * (1 - tc * tc);
            dz[k] = c * g * i * (1 - i);
            dz[h + k] = c * cPrev[k] * f * (1 - f);
            dz[2 * h + k] = c * i * (1 - g * g);
            dz[3 * h + k] = dh[k] * tc * o * (1 - o);
            dc[k] = c * f;
        }
    }

    // [B, T, F] → [T, B, F]
    internal static void TimeMajor(ReadOnlySpan<float> x, Span<float> xt, int b, int t, int f)
    {
        for (var r = 0; r < b; r++)
        {
            for (var s = 0; s < t; s++)
            {
                x.Slice((r * t + s) * f, f).CopyTo(xt.Slice((s * b + r) * f, f));
            }
        }
    }

    // [T, B, F] → [B, T, F]
    internal static void BatchMajor(ReadOnlySpan<float> xt, Span<float> x, int b, int t, int f)
    {
        for (var s = 0; s < t; s++)
        {
            for (var r = 0; r < b; r++)
            {
                xt.Slice((s * b + r) * f, f).CopyTo(x.Slice((r * t + s) * f, f));
            }
        }
    }

    /// <inheritdoc/>
    protected internal override void WriteConfig(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteNumber("hidden", Hidden);
        writer.WriteBoolean("returnSequences", ReturnSequences);
    }
}
