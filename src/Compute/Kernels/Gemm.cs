namespace BigDL.Orleans.Compute.Kernels;

/// <summary>Single-precision general matrix multiply on row-major matrices.</summary>
public static class Gemm
{
    /// <summary>
    /// C = alpha·op(A)·op(B) + beta·C, then C += bias (per column) and C = activation(C) when an epilogue is given.
    /// op(A) is m×k, op(B) is k×n, C is m×n; lda, ldb and ldc are row strides of the stored matrices.
    /// </summary>
    public static void Sgemm(
        bool transA, bool transB, int m, int n, int k,
        float alpha, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb,
        float beta, Span<float> c, int ldc,
        ReadOnlySpan<float> bias = default, Activation activation = Activation.Identity)
    {
        // Placeholder reference loop: the kernels work replaces this body with packed, vectorised, threaded code.
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var sum = 0f;
                for (var p = 0; p < k; p++)
                {
                    sum += a[transA ? p * lda + i : i * lda + p] * b[transB ? j * ldb + p : p * ldb + j];
                }

                var v = alpha * sum + (beta == 0 ? 0 : beta * c[i * ldc + j]);
                if (!bias.IsEmpty)
                {
                    v += bias[j];
                }

                c[i * ldc + j] = activation switch
                {
                    Activation.ReLU => MathF.Max(v, 0),
                    Activation.Tanh => MathF.Tanh(v),
                    Activation.Sigmoid => 1 / (1 + MathF.Exp(-v)),
                    Activation.Gelu => 0.5f * v * (1 + MathF.Tanh(0.7978845608f * (v + 0.044715f * v * v * v))),
                    _ => v,
                };
            }
        }
    }
}
