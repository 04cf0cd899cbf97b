using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace BigDL.Compute.Kernels;

/// <summary>AVX-512 FMA micro-kernel: a 8×32 tile held in 16 zmm accumulators.</summary>
/// <remarks>
/// Per k step: 2 loads of B, 8 broadcasts of A, 16 FMAs. 16 independent accumulators cover the FMA latency (4 cycles)
/// on two FMA pipes with room to spare, and Mr = 8 divides the batch sizes we train with (128, 784), so no rows are wasted on
/// edges. The loop body is written out because the JIT only keeps named locals in registers.
/// </remarks>
internal readonly unsafe struct Avx512Kernel : IMicroKernel
{
    public static int Mr => 8;

    public static int Nr => 32;

    public static bool IsSupported => Avx512F.IsSupported;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(int kc, float* a, float* b, float* c, nint ldc, float alpha, float beta)
    {
        var c00 = Vector512<float>.Zero; var c01 = Vector512<float>.Zero;
        var c10 = Vector512<float>.Zero; var c11 = Vector512<float>.Zero;
        var c20 = Vector512<float>.Zero; var c21 = Vector512<float>.Zero;
        var c30 = Vector512<float>.Zero; var c31 = Vector512<float>.Zero;
        var c40 = Vector512<float>.Zero; var c41 = Vector512<float>.Zero;
        var c50 = Vector512<float>.Zero; var c51 = Vector512<float>.Zero;
        var c60 = Vector512<float>.Zero; var c61 = Vector512<float>.Zero;
        var c70 = Vector512<float>.Zero; var c71 = Vector512<float>.Zero;
        for (var p = 0; p < kc; p++)
        {
            var b0 = Vector512.Load(b + 0);
            var b1 = Vector512.Load(b + 16);
            var a0 = Vector512.Create(a[0]);
            c00 = Avx512F.FusedMultiplyAdd(a0, b0, c00);
            c01 = Avx512F.FusedMultiplyAdd(a0, b1, c01);
            var a1 = Vector512.Create(a[1]);
            c10 = Avx512F.FusedMultiplyAdd(a1, b0, c10);
            c11 = Avx512F.FusedMultiplyAdd(a1, b1, c11);
            var a2 = Vector512.Create(a[2]);
            c20 = Avx512F.FusedMultiplyAdd(a2, b0, c20);
            c21 = Avx512F.FusedMultiplyAdd(a2, b1, c21);
            var a3 = Vector512.Create(a[3]);
            c30 = Avx512F.FusedMultiplyAdd(a3, b0, c30);
            c31 = Avx512F.FusedMultiplyAdd(a3, b1, c31);
            var a4 = Vector512.Create(a[4]);
            c40 = Avx512F.FusedMultiplyAdd(a4, b0, c40);
            c41 = Avx512F.FusedMultiplyAdd(a4, b1, c41);
            var a5 = Vector512.Create(a[5]);
            c50 = Avx512F.FusedMultiplyAdd(a5, b0, c50);
            c51 = Avx512F.FusedMultiplyAdd(a5, b1, c51);
            var a6 = Vector512.Create(a[6]);
            c60 = Avx512F.FusedMultiplyAdd(a6, b0, c60);
            c61 = Avx512F.FusedMultiplyAdd(a6, b1, c61);
            var a7 = Vector512.Create(a[7]);
            c70 = Avx512F.FusedMultiplyAdd(a7, b0, c70);
            c71 = Avx512F.FusedMultiplyAdd(a7, b1, c71);
            a += 8;
            b += 32;
        }

        var va = Vector512.Create(alpha);
        if (beta == 0)
        {
            Vector512.Store(c00 * va, c + 0 * ldc + 0);
            Vector512.Store(c01 * va, c + 0 * ldc + 16);
            Vector512.Store(c10 * va, c + 1 * ldc + 0);
            Vector512.Store(c11 * va, c + 1 * ldc + 16);
            Vector512.Store(c20 * va, c + 2 * ldc + 0);
            Vector512.Store(c21 * va, c + 2 * ldc + 16);
            Vector512.Store(c30 * va, c + 3 * ldc + 0);
            Vector512.Store(c31 * va, c + 3 * ldc + 16);
            Vector512.Store(c40 * va, c + 4 * ldc + 0);
            Vector512.Store(c41 * va, c + 4 * ldc + 16);
            Vector512.Store(c50 * va, c + 5 * ldc + 0);
            Vector512.Store(c51 * va, c + 5 * ldc + 16);
            Vector512.Store(c60 * va, c + 6 * ldc + 0);
            Vector512.Store(c61 * va, c + 6 * ldc + 16);
            Vector512.Store(c70 * va, c + 7 * ldc + 0);
            Vector512.Store(c71 * va, c + 7 * ldc + 16);
        }
        else
        {
            var vb = Vector512.Create(beta);
            Merge(c00, va, vb, c + 0 * ldc + 0);
            Merge(c01, va, vb, c + 0 * ldc + 16);
            Merge(c10, va, vb, c + 1 * ldc + 0);
            Merge(c11, va, vb, c + 1 * ldc + 16);
            Merge(c20, va, vb, c + 2 * ldc + 0);
            Merge(c21, va, vb, c + 2 * ldc + 16);
            Merge(c30, va, vb, c + 3 * ldc + 0);
            Merge(c31, va, vb, c + 3 * ldc + 16);
            Merge(c40, va, vb, c + 4 * ldc + 0);
            Merge(c41, va, vb, c + 4 * ldc + 16);
            Merge(c50, va, vb, c + 5 * ldc + 0);
            Merge(c51, va, vb, c + 5 * ldc + 16);
            Merge(c60, va, vb, c + 6 * ldc + 0);
            Merge(c61, va, vb, c + 6 * ldc + 16);
            Merge(c70, va, vb, c + 7 * ldc + 0);
            Merge(c71, va, vb, c + 7 * ldc + 16);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Merge(Vector512<float> acc, Vector512<float> alpha, Vector512<float> beta, float* c) =>
        Vector512.Store(Avx512F.FusedMultiplyAdd(acc, alpha, Vector512.Load(c) * beta), c);
}
