namespace BigDL.Compute.Kernels;

/// <summary>Single-precision general matrix multiply on row-major matrices.</summary>
/// <remarks>
/// Packed panels, a register-blocked micro-kernel per instruction set (AVX-512 8×32, AVX2 6×16, scalar 4×4, chosen
/// at run time), <see cref="ComputeThreads.Count"/> threads, and a fused bias + activation epilogue. Allocation-free
/// in steady state. Safe to call from several threads at once (a call that finds the thread pool busy runs alone).
/// </remarks>
public static unsafe class Gemm
{
    /// <summary>
    /// C = alpha·op(A)·op(B) + beta·C, then C += bias (per column) and C = activation(C) when an epilogue is given.
    /// op(A) is m×k, op(B) is k×n, C is m×n; lda, ldb and ldc are row strides of the stored matrices.
    /// beta = 0 makes C write-only (NaNs already in C do not propagate).
    /// </summary>
    /// <exception cref="ArgumentException">A size, stride or span length does not fit the shapes; the message names it.</exception>
    public static void Sgemm(
        bool transA, bool transB, int m, int n, int k,
        float alpha, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb,
        float beta, Span<float> c, int ldc,
        ReadOnlySpan<float> bias = default, Activation activation = Activation.Identity) =>
        Sgemm(KernelPath.Auto, ComputeThreads.Count, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, bias, activation);

    /// <summary>
    /// <see cref="Sgemm(bool, bool, int, int, int, float, ReadOnlySpan{float}, int, ReadOnlySpan{float}, int, float, Span{float}, int, ReadOnlySpan{float}, Activation)"/>
    /// on a chosen code path and thread count (tests force each path; benchmarks pin the threads).
    /// </summary>
    internal static void Sgemm(
        KernelPath path, int threads,
        bool transA, bool transB, int m, int n, int k,
        float alpha, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb,
        float beta, Span<float> c, int ldc,
        ReadOnlySpan<float> bias = default, Activation activation = Activation.Identity)
    {
        GemmValidation.Validate(transA, transB, m, n, k, a.Length, lda, b.Length, ldb, c.Length, ldc, bias.Length);
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        var resolved = KernelPaths.Resolve(path);
        if (m == 0 || n == 0)
        {
            return;
        }

        fixed (float* pa = a)
        fixed (float* pb = b)
        fixed (float* pc = c)
        fixed (float* pbias = bias)
        {
            var problem = new GemmProblem
            {
                TransA = transA,
                TransB = transB,
                M = m,
                N = n,
                K = k,
                Alpha = alpha,
                Beta = beta,
                A = pa,
                Lda = lda,
                B = pb,
                Ldb = ldb,
                C = pc,
                Ldc = ldc,
                Bias = bias.IsEmpty ? null : pbias,
                Activation = activation,
            };
            if (k == 0 || alpha == 0)
            {
                ScaleOnly(problem);
                return;
            }

            GemmJob.Run(problem, resolved, threads);
        }
    }

    /// <summary>C = beta·C (+ epilogue): the whole product vanishes when k = 0 or alpha = 0, as BLAS defines.</summary>
    static void ScaleOnly(in GemmProblem p)
    {
        for (var i = 0; i < p.M; i++)
        {
            var row = new Span<float>(p.C + (i * p.Ldc), p.N);
            if (p.Beta == 0)
            {
                row.Clear();
            }
            else if (p.Beta != 1)
            {
                System.Numerics.Tensors.TensorPrimitives.Multiply(row, p.Beta, row);
            }
        }

        if (p.HasEpilogue)
        {
            GemmEpilogue.Apply(p.C, p.Ldc, p.M, p.N, p.Bias, p.Activation);
        }
    }
}
