using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace BigDL.Compute.Kernels;

/// <summary>
/// Copies blocks of A and B into the panel layout micro-kernels stream through: a panel of width w holds, for each k,
/// w consecutive floats (w rows of op(A), or w columns of op(B)); a short last panel is zero-padded to w so the kernel
/// never branches on edges. Transposed operands are handled here, so the kernels see one layout.
/// </summary>
internal static unsafe class GemmPacking
{
    /// <summary>Packs op(A)[i0.., p0..] (rows × kc) into panels of <paramref name="w"/> rows.</summary>
    public static void PackA(in GemmProblem p, int i0, int rows, int p0, int kc, float* dst, int w)
    {
        for (var r = 0; r < rows; r += w)
        {
            var lanes = Math.Min(w, rows - r);
            var panel = dst + (nint)r * kc;
            if (p.TransA)
            {
                // op(A)[i, k] = A[k, i]: each k step is a contiguous run of lanes.
                CopyPanel(p.A + (p0 * p.Lda) + i0 + r, p.Lda, lanes, kc, panel, w);
            }
            else
            {
                TransposePanel(p.A + ((i0 + r) * p.Lda) + p0, p.Lda, lanes, kc, panel, w);
            }
        }
    }

    /// <summary>Packs op(B)[p0.., j0..] (kc × cols) into panels of <paramref name="w"/> columns.</summary>
    public static void PackB(in GemmProblem p, int p0, int kc, int j0, int cols, float* dst, int w)
    {
        for (var j = 0; j < cols; j += w)
        {
            var lanes = Math.Min(w, cols - j);
            var panel = dst + (nint)j * kc;
            if (p.TransB)
            {
                // op(B)[k, j] = B[j, k]: a panel is a transpose of `lanes` rows of B.
                TransposePanel(p.B + ((j0 + j) * p.Ldb) + p0, p.Ldb, lanes, kc, panel, w);
            }
            else
            {
                CopyPanel(p.B + (p0 * p.Ldb) + j0 + j, p.Ldb, lanes, kc, panel, w);
            }
        }
    }

    /// <summary>dst[k·w + t] = src[k·ld + t] for t &lt; lanes, 0 for lanes ≤ t &lt; w.</summary>
    static void CopyPanel(float* src, nint ld, int lanes, int kc, float* dst, int w)
    {
        if (lanes == w && w % 8 == 0 && Vector256.IsHardwareAccelerated)
        {
            for (var k = 0; k < kc; k++, src += ld, dst += w)
            {
                for (var t = 0; t < w; t += 8)
                {
                    Vector256.Store(Vector256.Load(src + t), dst + t);
                }
            }

            return;
        }

        for (var k = 0; k < kc; k++, src += ld, dst += w)
        {
            var t = 0;
            for (; t < lanes; t++)
            {
                dst[t] = src[t];
            }

            for (; t < w; t++)
            {
                dst[t] = 0;
            }
        }
    }

    /// <summary>dst[k·w + t] = src[t·ld + k] for t &lt; lanes, 0 for lanes ≤ t &lt; w.</summary>
    static void TransposePanel(float* src, nint ld, int lanes, int kc, float* dst, int w)
    {
        var t0 = 0;
        if (Avx.IsSupported)
        {
            // Whole groups of 8 source rows go through 8×8 register transposes: 8 loads, 24 shuffles, 8 stores per 64
            // floats instead of 64 scalar moves, which matters because a non-transposed A always takes this path.
            for (; t0 + 8 <= lanes; t0 += 8)
            {
                var k = 0;
                for (; k + 8 <= kc; k += 8)
                {
                    Transpose8x8(src + (t0 * ld) + k, ld, dst + (k * w) + t0, w);
                }

                for (; k < kc; k++)
                {
                    for (var t = t0; t < t0 + 8; t++)
                    {
                        dst[(k * w) + t] = src[(t * ld) + k];
                    }
                }
            }
        }

        for (var k = 0; k < kc; k++)
        {
            var row = dst + (k * w);
            var t = t0;
            for (; t < lanes; t++)
            {
                row[t] = src[(t * ld) + k];
            }

            for (; t < w; t++)
            {
                row[t] = 0;
            }
        }
    }

    /// <summary>Reads 8 rows of 8 floats (stride <paramref name="ld"/>) and writes them as 8 columns (stride <paramref name="w"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Transpose8x8(float* s, nint ld, float* d, nint w)
    {
        var r0 = Avx.LoadVector256(s);
        var r1 = Avx.LoadVector256(s + ld);
        var r2 = Avx.LoadVector256(s + (2 * ld));
        var r3 = Avx.LoadVector256(s + (3 * ld));
        var r4 = Avx.LoadVector256(s + (4 * ld));
        var r5 = Avx.LoadVector256(s + (5 * ld));
        var r6 = Avx.LoadVector256(s + (6 * ld));
        var r7 = Avx.LoadVector256(s + (7 * ld));

        var t0 = Avx.UnpackLow(r0, r1);
        var t1 = Avx.UnpackHigh(r0, r1);
        var t2 = Avx.UnpackLow(r2, r3);
        var t3 = Avx.UnpackHigh(r2, r3);
        var t4 = Avx.UnpackLow(r4, r5);
        var t5 = Avx.UnpackHigh(r4, r5);
        var t6 = Avx.UnpackLow(r6, r7);
        var t7 = Avx.UnpackHigh(r6, r7);

        var u0 = Avx.Shuffle(t0, t2, 0x44);
        var u1 = Avx.Shuffle(t0, t2, 0xEE);
        var u2 = Avx.Shuffle(t1, t3, 0x44);
        var u3 = Avx.Shuffle(t1, t3, 0xEE);
        var u4 = Avx.Shuffle(t4, t6, 0x44);
        var u5 = Avx.Shuffle(t4, t6, 0xEE);
        var u6 = Avx.Shuffle(t5, t7, 0x44);
        var u7 = Avx.Shuffle(t5, t7, 0xEE);

        Avx.Store(d, Avx.Permute2x128(u0, u4, 0x20));
        Avx.Store(d + w, Avx.Permute2x128(u1, u5, 0x20));
        Avx.Store(d + (2 * w), Avx.Permute2x128(u2, u6, 0x20));
        Avx.Store(d + (3 * w), Avx.Permute2x128(u3, u7, 0x20));
        Avx.Store(d + (4 * w), Avx.Permute2x128(u0, u4, 0x31));
        Avx.Store(d + (5 * w), Avx.Permute2x128(u1, u5, 0x31));
        Avx.Store(d + (6 * w), Avx.Permute2x128(u2, u6, 0x31));
        Avx.Store(d + (7 * w), Avx.Permute2x128(u3, u7, 0x31));
    }
}
