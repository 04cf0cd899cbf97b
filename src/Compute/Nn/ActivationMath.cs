using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using BigDL.Compute.Kernels;

namespace BigDL.Compute.Nn;

/// <summary>Elementwise activations and their derivatives (shared by activation layers, Dense, LSTM and GRU).</summary>
internal static class ActivationMath
{
    const float GeluC = 0.7978845608f; // sqrt(2/pi)
    const float GeluA = 0.044715f;

    /// <summary>y = f(x); x and y may be the same span.</summary>
    public static void Forward(Activation activation, ReadOnlySpan<float> x, Span<float> y)
    {
        switch (activation)
        {
            case Activation.Identity:
                x.CopyTo(y);
                break;
            case Activation.ReLU:
                TensorPrimitives.Max(x, 0f, y);
                break;
            case Activation.Tanh:
                TensorPrimitives.Tanh(x, y);
                break;
            case Activation.Sigmoid:
                TensorPrimitives.Sigmoid(x, y);
                break;
            case Activation.Gelu:
                for (var i = 0; i < x.Length; i++)
                {
                    var v = x[i];
                    y[i] = 0.5f * v * (1 + MathF.Tanh(GeluC * (v + GeluA * v * v * v)));
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(activation), activation, null);
        }
    }

    /// <summary>Whether the derivative can be computed from the output alone (so the input need not be kept).</summary>
    public static bool DerivativeFromOutput(Activation activation) => activation != Activation.Gelu;

    /// <summary>dx = dy · f'(x), using the output y where possible and x for GELU; dx may alias dy.</summary>
    public static void Backward(Activation activation, ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
    {
        switch (activation)
        {
            case Activation.Identity:
                dy.CopyTo(dx);
                break;
            case Activation.ReLU:
                ReluBackward(y, dy, dx);
                break;
            case Activation.Tanh:
                TanhBackward(y, dy, dx);
                break;
            case Activation.Sigmoid:
                SigmoidBackward(y, dy, dx);
                break;
            case Activation.Gelu:
                for (var i = 0; i < x.Length; i++)
                {
                    var v = x[i];
                    var t = MathF.Tanh(GeluC * (v + GeluA * v * v * v));
                    var du = GeluC * (1 + 3 * GeluA * v * v);
                    dx[i] = dy[i] * (0.5f * (1 + t) + 0.5f * v * (1 - t * t) * du);
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(activation), activation, null);
        }
    }

    /// <summary>dx = dy where y &gt; 0, else 0.</summary>
    public static void ReluBackward(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
    {
        var n = y.Length;
        var i = 0;
        var vy = MemoryMarshal.Cast<float, Vector<float>>(y);
        var vdy = MemoryMarshal.Cast<float, Vector<float>>(dy);
        var vdx = MemoryMarshal.Cast<float, Vector<float>>(dx);
        for (var v = 0; v < vy.Length; v++)
        {
            vdx[v] = Vector.ConditionalSelect(Vector.GreaterThan(vy[v], Vector<float>.Zero), vdy[v], Vector<float>.Zero);
        }

        i = vy.Length * Vector<float>.Count;
        for (; i < n; i++)
        {
            dx[i] = y[i] > 0 ? dy[i] : 0;
        }
    }

    /// <summary>dx = dy · (1 − y²).</summary>
    public static void TanhBackward(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
    {
        var vy = MemoryMarshal.Cast<float, Vector<float>>(y);
        var vdy = MemoryMarshal.Cast<float, Vector<float>>(dy);
        var vdx = MemoryMarshal.Cast<float, Vector<float>>(dx);
        for (var v = 0; v < vy.Length; v++)
        {
            vdx[v] = vdy[v] * (Vector<float>.One - vy[v] * vy[v]);
        }

        for (var i = vy.Length * Vector<float>.Count; i < y.Length; i++)
        {
            dx[i] = dy[i] * (1 - y[i] * y[i]);
        }
    }

    /// <summary>dx = dy · y · (1 − y).</summary>
    public static void SigmoidBackward(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
    {
        var vy = MemoryMarshal.Cast<float, Vector<float>>(y);
        var vdy = MemoryMarshal.Cast<float, Vector<float>>(dy);
        var vdx = MemoryMarshal.Cast<float, Vector<float>>(dx);
        for (var v = 0; v < vy.Length; v++)
        {
            vdx[v] = vdy[v] * vy[v] * (Vector<float>.One - vy[v]);
        }

        for (var i = vy.Length * Vector<float>.Count; i < y.Length; i++)
        {
            dx[i] = dy[i] * y[i] * (1 - y[i]);
        }
    }

    /// <summary>Adds each row of the [rows, cols] matrix <paramref name="m"/> into <paramref name="sums"/> (bias gradients).</summary>
    public static void AddColumnSums(ReadOnlySpan<float> m, int rows, int cols, Span<float> sums)
    {
        for (var r = 0; r < rows; r++)
        {
            TensorPrimitives.Add(sums, m.Slice(r * cols, cols), sums);
        }
    }
}
