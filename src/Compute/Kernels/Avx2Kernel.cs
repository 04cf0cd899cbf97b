using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace BigDL.Compute.Kernels;

/// <summary>AVX2 FMA micro-kernel: a 6×16 tile held in 12 ymm accumulators.</summary>
/// <remarks>
/// The classic Haswell shape: 12 accumulators + 2 B vectors + 1 broadcast fit the 16 ymm registers AVX2 has,
/// and 12 independent FMAs cover the FMA latency on two pipes.
/// </remarks>
internal readonly unsafe struct Avx2Kernel : IMicroKernel
{
    public static int Mr => 6;

    public static int Nr => 16;

    public static bool IsSupported => Avx2.IsSupported && Fma.IsSupported;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(int kc, float* a, float* b, float* c, nint ldc, float alpha, float beta)
    {
        var c00 = Vector256<float>.Zero; var c01 = Vector256<float>.Zero;
        var c10 = Vector256<float>.Zero; var c11 = Vector256<float>.Zero;
        var c20 = Vector256<float>.Zero; var c21 = Vector256<float>.Zero;
        var c30 = Vector256<float>.Zero; var c31 = Vector256<float>.Zero;
        var c40 = Vector256<float>.Zero; var c41 = Vector256<float>.Zero;
        var c50 = Vector256<float>.Zero; var c51 = Vector256<float>.Zero;
        for (var p = 0; p < kc; p++)
        {
            var b0 = Vector256.Load(b + 0);
            var b1 = Vector256.Load(b + 8);
            var a0 = Vector256.Create(a[0]);
            c00 = Fma.MultiplyAdd(a0, b0, c00);
            c01 = Fma.MultiplyAdd(a0, b1, c01);
            var a1 = Vector256.Create(a[1]);
            c10 = Fma.MultiplyAdd(a1, b0, c10);
            c11 = Fma.MultiplyAdd(a1, b1, c11);
            var a2 = Vector256.Create(a[2]);
            c20 = Fma.MultiplyAdd(a2, b0, c20);
            c21 = Fma.MultiplyAdd(a2, b1, c21);
            var a3 = Vector256.Create(a[3]);
            c30 = Fma.MultiplyAdd(a3, b0, c30);
            c31 = Fma.MultiplyAdd(a3, b1, c31);
            var a4 = Vector256.Create(a[4]);
            c40 = Fma.MultiplyAdd(a4, b0, c40);
            c41 = Fma.MultiplyAdd(a4, b1, c41);
            var a5 = Vector256.Create(a[5]);
            c50 = Fma.MultiplyAdd(a5, b0, c50);
            c51 = Fma.MultiplyAdd(a5, b1, c51);
            a += 6;
            b += 16;
        }

        var va = Vector256.Create(alpha);
        if (beta == 0)
        {
            Vector256.Store(c00 * va, c + 0 * ldc + 0);
            Vector256.Store(c01 * va, c + 0 * ldc + 8);
            Vector256.Store(c10 * va, c + 1 * ldc + 0);
            Vector256.Store(c11 * va, c + 1 * ldc + 8);
            Vector256.Store(c20 * va, c + 2 * ldc + 0);
            Vector256.Store(c21 * va, c + 2 * ldc + 8);
            Vector256.Store(c30 * va, c + 3 * ldc + 0);
            Vector256.Store(c31 * va, c + 3 * ldc + 8);
            Vector256.Store(c40 * va, c + 4 * ldc + 0);
            Vector256.Store(c41 * va, c + 4 * ldc + 8);
            Vector256.Store(c50 * va, c + 5 * ldc + 0);
            Vector256.Store(c51 * va, c + 5 * ldc + 8);
        }
        else
        {
            var vb = Vector256.Create(beta);
            Merge(c00, va, vb, c + 0 * ldc + 0);
            Merge(c01, va, vb, c + 0 * ldc + 8);
            Merge(c10, va, vb, c + 1 * ldc + 0);
            Merge(c11, va, vb, c + 1 * ldc + 8);
            Merge(c20, va, vb, c + 2 * ldc + 0);
            Merge(c21, va, vb, c + 2 * ldc + 8);
            Merge(c30, va, vb, c + 3 * ldc + 0);
            Merge(c31, va, vb, c + 3 * ldc + 8);
            Merge(c40, va, vb, c + 4 * ldc + 0);
            Merge(c41, va, vb, c + 4 * ldc + 8);
            Merge(c50, va, vb, c + 5 * ldc + 0);
            Merge(c51, va, vb, c + 5 * ldc + 8);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Merge(Vector256<float> acc, Vector256<float> alpha, Vector256<float> beta, float* c) =>
        Vector256.Store(Fma.MultiplyAdd(acc, alpha, Vector256.Load(c) * beta), c);
}
