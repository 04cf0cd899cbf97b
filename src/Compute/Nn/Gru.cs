using System.Numerics.Tensors;
using System.Text.Json;
using BigDL.Compute.Kernels;

namespace BigDL.Compute.Nn;

/// <summary>
/// One GRU layer, batch first: [batch, steps, features] → [batch, hidden] or [batch, steps, hidden]. PyTorch's equations
/// and gate order (r, z, n): n = tanh(W_in·x + b_in + r ⊙ (W_hn·h + b_hn)), h' = (1 − z) ⊙ n + z ⊙ h.
/// </summary>
public sealed class Gru(int hidden, bool returnSequences = false, string? name = null) : UnaryLayer(name)
{
    Tensor? _xt, _gates, _hiddenGates, _hiddens, _output, _dInputGates, _dHiddenGates, _dh, _dhPrev, _dxt, _inputGradient;
    int _steps, _features, _batch;

    /// <summary>Hidden size H.</summary>
    public int Hidden { get; } = hidden > 0 ? hidden : throw new ArgumentOutOfRangeException(nameof(hidden), hidden, "hidden size must be positive");

    /// <summary>Whether every step's hidden state is returned.</summary>
    public bool ReturnSequences { get; } = returnSequences;

    /// <summary>Input weights [3H, F].</summary>
    public Parameter WeightIh { get; private set; } = null!; // set in OnBuild

    /// <summary>Hidden weights [3H, H].</summary>
    public Parameter WeightHh { get; private set; } = null!;

    /// <summary>Input bias [3H].</summary>
    public Parameter BiasIh { get; private set; } = null!;

    /// <summary>Hidden bias [3H].</summary>
    public Parameter BiasHh { get; private set; } = null!;

    /// <inheritdoc/>
    public override string Kind => "GRU";

    /// <inheritdoc/>
    protected override int[] OnBuild(int[] inputShape, ParameterSet parameters)
    {
        if (inputShape.Length != 2)
        {
            throw new ShapeMismatchException($"layer '{Name}' (GRU) takes [batch, steps, features], got [batch, {string.Join(", ", inputShape)}]");
        }

        (_steps, _features) = (inputShape[0], inputShape[1]);
        var init = Init.FanIn(Hidden);
        WeightIh = AddParameter(parameters, "weight_ih", [3 * Hidden, _features], init);
        WeightHh = AddParameter(parameters, "weight_hh", [3 * Hidden, Hidden], init);
        BiasIh = AddParameter(parameters, "bias_ih", [3 * Hidden], init);
        BiasHh = AddParameter(parameters, "bias_hh", [3 * Hidden], init);
        return ReturnSequences ? [_steps, Hidden] : [Hidden];
    }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input, bool training = false)
    {
        CheckInput(input);
        int b = input.Dim(0), t = _steps, f = _features, h = Hidden, g3 = 3 * Hidden, bh = b * h;
        _batch = b;
        Tensor.Ensure(ref _xt, t, b, f);
        Tensor.Ensure(ref _gates, t, b, g3);
        Tensor.Ensure(ref _hiddenGates, t, b, g3);
        Tensor.Ensure(ref _hiddens, t + 1, b, h);
        EnsureBatch(ref _output, b, OutputShape);
        Lstm.TimeMajor(input.Span, _xt.Span, b, t, f);

        // Input projections of every step at once; the hidden projections per step.
        Gemm.Sgemm(false, true, t * b, g3, f, 1, _xt.Span, f, WeightIh.Value, f, 0, _gates.Span, g3, BiasIh.Value);
        var hs = _hiddens.Span;
        hs[..bh].Clear();
        for (var s = 0; s < t; s++)
        {
            var hg = _hiddenGates.Span.Slice(s * b * g3, b * g3);
            Gemm.Sgemm(false, true, b, g3, h, 1, hs.Slice(s * bh, bh), h, WeightHh.Value, h, 0, hg, g3, BiasHh.Value);
            var z = _gates.Span.Slice(s * b * g3, b * g3);
            for (var r = 0; r < b; r++)
            {
                var xg = z.Slice(r * g3, g3);
                var hgr = hg.Slice(r * g3, g3);
                var rz = xg[..(2 * h)];
                TensorPrimitives.Add(rz, hgr[..(2 * h)], rz);
                TensorPrimitives.Sigmoid(rz, rz);
                var n = xg.Slice(2 * h, h);
                TensorPrimitives.FusedMultiplyAdd(xg[..h], hgr.Slice(2 * h, h), n, n);
                TensorPrimitives.Tanh(n, n);

                // h' = n + z ⊙ (h − n)
                var hPrev = hs.Slice(s * bh + r * h, h);
                var hNext = hs.Slice((s + 1) * bh + r * h, h);
                TensorPrimitives.Subtract(hPrev, n, hNext);
                TensorPrimitives.FusedMultiplyAdd(xg.Slice(h, h), hNext, n, hNext);
            }
        }

        if (ReturnSequences)
        {
            Lstm.BatchMajor(hs[bh..], _output.Span, b, t, h);
        }
        else
        {
            hs.Slice(t * bh, bh).CopyTo(_output.Span);
        }

        return _output;
    }

    /// <inheritdoc/>
    public override Tensor? Backward(Tensor outputGradient)
    {
        ArgumentNullException.ThrowIfNull(outputGradient);
        if (_gates is null || _batch == 0)
        {
            throw new InvalidOperationException($"layer '{Name}' (GRU): Backward before Forward");
        }

        int b = _batch, t = _steps, f = _features, h = Hidden, g3 = 3 * Hidden, bh = b * h;
        Tensor.Ensure(ref _dInputGates, t, b, g3);
        Tensor.Ensure(ref _dHiddenGates, t, b, g3);
        Tensor.Ensure(ref _dh, b, h);
        Tensor.Ensure(ref _dhPrev, b, h);
        var dh = _dh.Span;
        dh.Clear();
        var dy = outputGradient.Span;
        var hs = _hiddens!.Span;
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

            var dhPrev = _dhPrev!.Span;
            for (var r = 0; r < b; r++)
            {
                var gates = _gates.Span.Slice((s * b + r) * g3, g3);
                var hn = _hiddenGates!.Span.Slice((s * b + r) * g3 + 2 * h, h);
                var hPrev = hs.Slice(s * bh + r * h, h);
                var dxg = _dInputGates.Span.Slice((s * b + r) * g3, g3);
                var dhg = _dHiddenGates.Span.Slice((s * b + r) * g3, g3);
                var d = dh.Slice(r * h, h);
                for (var k = 0; k < h; k++)
                {
                    float rg = gates[k], z = gates[h + k], n = gates[2 * h + k];
                    var dnPre = d[k] * (1 - z) * (1 - n * n);
                    var dzPre = d[k] * (hPrev[k] - n) * z * (1 - z);
                    var drPre = dnPre * hn[k] * rg * (1 - rg);
                    dxg[k] = drPre;
                    dxg[h + k] = dzPre;
                    dxg[2 * h + k] = dnPre;
                    dhg[k] = drPre;
                    dhg[h + k] = dzPre;
                    dhg[2 * h + k] = dnPre * rg;
                    dhPrev[r * h + k] = d[k] * z;
                }
            }

            Gemm.Sgemm(false, false, b, h, g3, 1, _dHiddenGates.Span.Slice(s * b * g3, b * g3), g3, WeightHh.Value, h, 1, dhPrev, h);
            (_dh, _dhPrev) = (_dhPrev, _dh);
            dh = _dh.Span;
        }

        var n3 = t * b;
        Gemm.Sgemm(true, false, g3, h, n3, 1, _dHiddenGates.Span[..(n3 * g3)], g3, hs, h, 1, WeightHh.Grad, h);
        Gemm.Sgemm(true, false, g3, f, n3, 1, _dInputGates.Span[..(n3 * g3)], g3, _xt!.Span, f, 1, WeightIh.Grad, f);
        ActivationMath.AddColumnSums(_dInputGates.Span, n3, g3, BiasIh.Grad);
        ActivationMath.AddColumnSums(_dHiddenGates.Span, n3, g3, BiasHh.Grad);
        if (!InputGradientRequired)
        {
            return null;
        }

        Tensor.Ensure(ref _dxt, t, b, f);
        Gemm.Sgemm(false, false, n3, f, g3, 1, _dInputGates.Span, g3, WeightIh.Value, f, 0, _dxt.Span, f);
        EnsureBatch(ref _inputGradient, b, InputShapes[0]);
        Lstm.BatchMajor(_dxt.Span, _inputGradient.Span, b, t, f);
        return _inputGradient;
    }

    /// <inheritdoc/>
    protected internal override void WriteConfig(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteNumber("hidden", Hidden);
        writer.WriteBoolean("returnSequences", ReturnSequences);
    }
}
