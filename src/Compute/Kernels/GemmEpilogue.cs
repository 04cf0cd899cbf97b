using System.Numerics.Tensors;

namespace BigDL.Compute.Kernels;

/// <summary>
/// The fused tail of a GEMM: C += bias (per column), then C = activation(C), applied to a block of rows while it is
/// still in cache, so a Dense layer does not sweep its output a second and third time.
/// </summary>
internal static unsafe class GemmEpilogue
{
    /// <summary>Applies bias (for the block's first column on; null for none) and activation to rows × cols floats of C.</summary>
    public static void Apply(float* c, nint ldc, int rows, int cols, float* bias, Activation activation)
    {
        var b = bias == null ? default : new ReadOnlySpan<float>(bias, cols);
        for (var i = 0; i < rows; i++)
        {
            var row = new Span<float>(c + (i * ldc), cols);
            if (!b.IsEmpty)
            {
                TensorPrimitives.Add(row, b, row);
            }

            Activate(row, activation);
        }
    }

    /// <summary>Applies <paramref name="activation"/> in place.</summary>
    public static void Activate(Span<float> x, Activation activation)
    {
        switch (activation)
        {
            case Activation.Identity:
                break;
            case Activation.ReLU:
                TensorPrimitives.Max(x, 0f, x);
                break;
            case Activation.Tanh:
                TensorPrimitives.Tanh(x, x);
                break;
            case Activation.Sigmoid:
                TensorPrimitives.Sigmoid(x, x);
                break;
            case Activation.Gelu:
                Gelu(x);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(activation), activation, "unknown activation");
        }
    }

    /// <summary>
    /// GELU, tanh form: 0.5·x·(1 + tanh(u)) with u = √(2/π)·(x + 0.044715·x³), computed as x / (1 + e^(−2u)),
    /// the same value without a tanh (0.5·(1 + tanh u) = σ(2u)); for x → −∞ the exponential overflows to ∞ and x/∞ = −0.
    /// </summary>
    static void Gelu(Span<float> x)
    {
        const float MinusTwoSqrt2OverPi = -2 * 0.7978845608f;
        Span<float> t = stackalloc float[256];
        while (!x.IsEmpty)
        {
            var chunk = x[..Math.Min(x.Length, t.Length)];
            var u = t[..chunk.Length];
            TensorPrimitives.Multiply(chunk, chunk, u);
            TensorPrimitives.Multiply(u, 0.044715f, u);
            TensorPrimitives.Add(u, 1f, u);
            TensorPrimitives.Multiply(u, chunk, u);
            TensorPrimitives.Multiply(u, MinusTwoSqrt2OverPi, u);
            TensorPrimitives.Exp(u, u);
            TensorPrimitives.Add(u, 1f, u);
            TensorPrimitives.Divide(chunk, u, chunk);
            x = x[chunk.Length..];
        }
    }
}
