using BigDL.Compute.Kernels;

namespace BigDL.Compute.Tests.Kernels;

/// <summary>A naive double-precision GEMM and the float32 error bound our kernels must stay within.</summary>
internal static class GemmReference
{
    /// <summary>Unit roundoff of float32.</summary>
    public const double U = 1.0 / (1 << 24);

    /// <summary>Every kernel path this processor can run (a forced path the CPU lacks cannot be tested here).</summary>
    public static IEnumerable<KernelPath> Paths =>
        new[] { KernelPath.Avx512, KernelPath.Avx2, KernelPath.Scalar }.Where(KernelPaths.IsSupported);

    public static float[] Random(int length, int seed)
    {
        var rng = new Random(seed);
        var x = new float[length];
        for (var i = 0; i < x.Length; i++)
        {
            x[i] = (float)((rng.NextDouble() * 2) - 1);
        }

        return x;
    }

    public static double A(float[] a, bool transA, int lda, int i, int p) => a[transA ? (p * lda) + i : (i * lda) + p];

    public static double B(float[] b, bool transB, int ldb, int p, int j) => b[transB ? (j * ldb) + p : (p * ldb) + j];

    /// <summary>
    /// Checks C against alpha·op(A)·op(B) + beta·C0 computed in double. The bound is the textbook one for a float
    /// dot product, |fl(x·y) − x·y| ≤ γ_k·Σ|x_i·y_i| with γ_k ≈ k·u, widened by two roundings for alpha and beta.
    /// </summary>
    public static void AssertMatches(
        bool transA, bool transB, int m, int n, int k, float alpha, float[] a, int lda, float[] b, int ldb,
        float beta, float[] c0, float[] c, int ldc, string what)
    {
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                double sum = 0, abs = 0;
                for (var p = 0; p < k; p++)
                {
                    var t = A(a, transA, lda, i, p) * B(b, transB, ldb, p, j);
                    sum += t;
                    abs += Math.Abs(t);
                }

                var expected = (alpha * sum) + (beta == 0 ? 0 : beta * c0[(i * ldc) + j]);
                var bound = ((k + 2) * U * ((Math.Abs(alpha) * abs) + Math.Abs(beta * c0[(i * ldc) + j]))) + float.Epsilon;
                var actual = c[(i * ldc) + j];
                if (!(Math.Abs(actual - expected) <= bound))
                {
                    Assert.Fail($"{what}: C[{i},{j}] = {actual}, expected {expected} ± {bound:E2}");
                }
            }
        }
    }

    /// <summary>The activations in double, as their definitions in <see cref="Activation"/> state them.</summary>
    public static double Activate(double x, Activation activation) => activation switch
    {
        Activation.ReLU => Math.Max(x, 0),
        Activation.Tanh => Math.Tanh(x),
        Activation.Sigmoid => 1 / (1 + Math.Exp(-x)),
        Activation.Gelu => 0.5 * x * (1 + Math.Tanh(Math.Sqrt(2 / Math.PI) * (x + (0.044715 * x * x * x)))),
        _ => x,
    };
}
