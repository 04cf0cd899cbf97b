using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace BigDL.Compute.Kernels;

/// <summary>
/// GEMM for at most <see cref="MaxRows"/> rows of C (batch-1 inference, small recurrent batches): streams B once
/// straight from memory instead of packing it. Packing B costs about as much as multiplying it by one row, so for
/// m = 1 the packed path spends most of its time copying (it measured 2.5× (B row-major) to 4× (B transposed) slower
/// at 1×784×512).
/// </summary>
/// <remarks>
/// Specialised per row count through <see cref="IRows"/> structs, so the unused accumulators of a 1-row call vanish at
/// JIT time. Vector256 on both SIMD paths: these loops wait on B's bytes, not on FMA width.
/// </remarks>
internal static unsafe class SkinnyGemm
{
    /// <summary>Rows of C handled here; above this the packed kernels amortise their packing.</summary>
    public const int MaxRows = 4;

    /// <summary>A row count as a type, so each count gets its own compiled loop.</summary>
    internal interface IRows
    {
        static abstract int Count { get; }
    }

    readonly struct One : IRows
    {
        public static int Count => 1;
    }

    readonly struct Two : IRows
    {
        public static int Count => 2;
    }

    readonly struct Three : IRows
    {
        public static int Count => 3;
    }

    readonly struct Four : IRows
    {
        public static int Count => 4;
    }

    /// <summary>Whether <see cref="Run"/> can take this call: few rows, and a transposed A small enough to copy (≤ 1 MiB).</summary>
    public static bool Accepts(in GemmProblem p) =>
        p.M <= MaxRows && (!p.TransA || (long)p.M * p.K <= 1 << 18);

    /// <summary>Computes C's columns [part.ColStart, part.ColEnd) for every row (p.M ≤ MaxRows) with alpha and beta, no epilogue.</summary>
    public static void Run(in GemmProblem p, GemmPart part, PackBuffers buffers, bool vector)
    {
        // Rows of op(A) contiguous: A itself unless transposed, else a transposed copy in the A pack buffer.
        var a = p.A;
        var lda = p.Lda;
        if (p.TransA)
        {
            a = buffers.A(p.M * p.K);
            lda = p.K;
            for (var i = 0; i < p.M; i++)
            {
                for (var k = 0; k < p.K; k++)
                {
                    a[(i * lda) + k] = p.A[(k * p.Lda) + i];
                }
            }
        }

        switch (p.M)
        {
            case 1:
                Run<One>(p, a, lda, part, vector);
                break;
            case 2:
                Run<Two>(p, a, lda, part, vector);
                break;
            case 3:
                Run<Three>(p, a, lda, part, vector);
                break;
            default:
                Run<Four>(p, a, lda, part, vector);
                break;
        }
    }

    static void Run<TRows>(in GemmProblem p, float* a, nint lda, GemmPart part, bool vector)
        where TRows : struct, IRows
    {
        var j = part.ColStart;
        if (vector && Vector256.IsHardwareAccelerated)
        {
            if (p.TransB)
            {
                for (; j + 4 <= part.ColEnd; j += 4)
                {
                    Dots4<TRows>(p, a, lda, j);
                }
            }
            else
            {
                for (; j + 32 <= part.ColEnd; j += 32)
                {
                    Axpy32<TRows>(p, a, lda, j);
                }
            }
        }

        for (; j < part.ColEnd; j++)
        {
            for (var i = 0; i < TRows.Count; i++)
            {
                var sum = 0f;
                for (var k = 0; k < p.K; k++)
                {
                    sum += a[(i * lda) + k] * (p.TransB ? p.B[(j * p.Ldb) + k] : p.B[(k * p.Ldb) + j]);
                }

                var c = p.C + (i * p.Ldc) + j;
                *c = p.Beta == 0 ? p.Alpha * sum : (p.Alpha * sum) + (p.Beta * *c);
            }
        }
    }

    /// <summary>B row-major (k×n): C[:, j..j+32) = Σ_k a[:, k]·B[k, j..j+32), 32 columns per row in registers.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Axpy32<TRows>(in GemmProblem p, float* a, nint lda, int j)
        where TRows : struct, IRows
    {
        Vector256<float> c00 = default; Vector256<float> c01 = default; Vector256<float> c02 = default; Vector256<float> c03 = default;
        Vector256<float> c10 = default; Vector256<float> c11 = default; Vector256<float> c12 = default; Vector256<float> c13 = default;
        Vector256<float> c20 = default; Vector256<float> c21 = default; Vector256<float> c22 = default; Vector256<float> c23 = default;
        Vector256<float> c30 = default; Vector256<float> c31 = default; Vector256<float> c32 = default; Vector256<float> c33 = default;
        var b = p.B + j;
        for (var k = 0; k < p.K; k++, b += p.Ldb)
        {
            var b0 = Vector256.Load(b + 0);
            var b1 = Vector256.Load(b + 8);
            var b2 = Vector256.Load(b + 16);
            var b3 = Vector256.Load(b + 24);
            var x0 = Vector256.Create(a[(0 * lda) + k]);
            c00 += x0 * b0;
            c01 += x0 * b1;
            c02 += x0 * b2;
            c03 += x0 * b3;

            if (TRows.Count > 1)
            {
                var x1 = Vector256.Create(a[(1 * lda) + k]);
                c10 += x1 * b0;
                c11 += x1 * b1;
                c12 += x1 * b2;
                c13 += x1 * b3;
            }

            if (TRows.Count > 2)
            {
                var x2 = Vector256.Create(a[(2 * lda) + k]);
                c20 += x2 * b0;
                c21 += x2 * b1;
                c22 += x2 * b2;
                c23 += x2 * b3;
            }

            if (TRows.Count > 3)
            {
                var x3 = Vector256.Create(a[(3 * lda) + k]);
                c30 += x3 * b0;
                c31 += x3 * b1;
                c32 += x3 * b2;
                c33 += x3 * b3;
            }
        }

        Store(p, 0, j, c00, c01, c02, c03);

        if (TRows.Count > 1)
        {
            Store(p, 1, j, c10, c11, c12, c13);
        }

        if (TRows.Count > 2)
        {
            Store(p, 2, j, c20, c21, c22, c23);
        }

        if (TRows.Count > 3)
        {
            Store(p, 3, j, c30, c31, c32, c33);
        }
    }

    /// <summary>B transposed (n×k rows): C[i, j..j+4) = a[i, :]·B[j..j+4, :], vector dot products reduced at the end.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Dots4<TRows>(in GemmProblem p, float* a, nint lda, int j)
        where TRows : struct, IRows
    {
        Vector256<float> s00 = default; Vector256<float> s01 = default; Vector256<float> s02 = default; Vector256<float> s03 = default;
        Vector256<float> s10 = default; Vector256<float> s11 = default; Vector256<float> s12 = default; Vector256<float> s13 = default;
        Vector256<float> s20 = default; Vector256<float> s21 = default; Vector256<float> s22 = default; Vector256<float> s23 = default;
        Vector256<float> s30 = default; Vector256<float> s31 = default; Vector256<float> s32 = default; Vector256<float> s33 = default;
        var b0p = p.B + ((j + 0) * p.Ldb);
        var b1p = p.B + ((j + 1) * p.Ldb);
        var b2p = p.B + ((j + 2) * p.Ldb);
        var b3p = p.B + ((j + 3) * p.Ldb);
        var k = 0;
        for (; k + 8 <= p.K; k += 8)
        {
            var b0 = Vector256.Load(b0p + k);
            var b1 = Vector256.Load(b1p + k);
            var b2 = Vector256.Load(b2p + k);
            var b3 = Vector256.Load(b3p + k);
            var x0 = Vector256.Load(a + (0 * lda) + k);
            s00 += x0 * b0;
            s01 += x0 * b1;
            s02 += x0 * b2;
            s03 += x0 * b3;

            if (TRows.Count > 1)
            {
                var x1 = Vector256.Load(a + (1 * lda) + k);
                s10 += x1 * b0;
                s11 += x1 * b1;
                s12 += x1 * b2;
                s13 += x1 * b3;
            }

            if (TRows.Count > 2)
            {
                var x2 = Vector256.Load(a + (2 * lda) + k);
                s20 += x2 * b0;
                s21 += x2 * b1;
                s22 += x2 * b2;
                s23 += x2 * b3;
            }

            if (TRows.Count > 3)
            {
                var x3 = Vector256.Load(a + (3 * lda) + k);
                s30 += x3 * b0;
                s31 += x3 * b1;
                s32 += x3 * b2;
                s33 += x3 * b3;
            }
        }

        Finish(p, a, lda, 0, j, k, s00, s01, s02, s03);

        if (TRows.Count > 1)
        {
            Finish(p, a, lda, 1, j, k, s10, s11, s12, s13);
        }

        if (TRows.Count > 2)
        {
            Finish(p, a, lda, 2, j, k, s20, s21, s22, s23);
        }

        if (TRows.Count > 3)
        {
            Finish(p, a, lda, 3, j, k, s30, s31, s32, s33);
        }
    }

    /// <summary>Reduces row i's four dot-product vectors, adds the k tail from <paramref name="k"/> on, and stores.</summary>
    static void Finish(in GemmProblem p, float* a, nint lda, int i, int j, int k, Vector256<float> s0, Vector256<float> s1, Vector256<float> s2, Vector256<float> s3)
    {
        var row = a + (i * lda);
        Span<float> sums = [Vector256.Sum(s0), Vector256.Sum(s1), Vector256.Sum(s2), Vector256.Sum(s3)];
        for (var v = 0; v < 4; v++)
        {
            var b = p.B + ((j + v) * p.Ldb);
            for (var t = k; t < p.K; t++)
            {
                sums[v] += row[t] * b[t];
            }

            var c = p.C + (i * p.Ldc) + j + v;
            *c = p.Beta == 0 ? p.Alpha * sums[v] : (p.Alpha * sums[v]) + (p.Beta * *c);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Store(in GemmProblem p, int i, int j, Vector256<float> v0, Vector256<float> v1, Vector256<float> v2, Vector256<float> v3)
    {
        var c = p.C + (i * p.Ldc) + j;
        var alpha = Vector256.Create(p.Alpha);
        if (p.Beta == 0)
        {
            Vector256.Store(v0 * alpha, c);
            Vector256.Store(v1 * alpha, c + 8);
            Vector256.Store(v2 * alpha, c + 16);
            Vector256.Store(v3 * alpha, c + 24);
        }
        else
        {
            var beta = Vector256.Create(p.Beta);
            Vector256.Store((v0 * alpha) + (Vector256.Load(c) * beta), c);
            Vector256.Store((v1 * alpha) + (Vector256.Load(c + 8) * beta), c + 8);
            Vector256.Store((v2 * alpha) + (Vector256.Load(c + 16) * beta), c + 16);
            Vector256.Store((v3 * alpha) + (Vector256.Load(c + 24) * beta), c + 24);
        }
    }
}
