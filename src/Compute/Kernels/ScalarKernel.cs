namespace BigDL.Compute.Kernels;

/// <summary>Portable scalar micro-kernel: a 4×4 tile in 16 float locals, for processors without AVX2.</summary>
/// <remarks>Sixteen scalar accumulators still let the compiler overlap the multiply-adds; correctness, not speed, is its job.</remarks>
internal readonly unsafe struct ScalarKernel : IMicroKernel
{
    public static int Mr => 4;

    public static int Nr => 4;

    public static bool IsSupported => true;

    public static void Run(int kc, float* a, float* b, float* c, nint ldc, float alpha, float beta)
    {
        float c00 = 0; float c01 = 0; float c02 = 0; float c03 = 0;
        float c10 = 0; float c11 = 0; float c12 = 0; float c13 = 0;
        float c20 = 0; float c21 = 0; float c22 = 0; float c23 = 0;
        float c30 = 0; float c31 = 0; float c32 = 0; float c33 = 0;
        for (var p = 0; p < kc; p++)
        {
            float b0 = b[0]; float b1 = b[1]; float b2 = b[2]; float b3 = b[3];
            var a0 = a[0];
            c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
            var a1 = a[1];
            c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
            var a2 = a[2];
            c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
            var a3 = a[3];
            c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
            a += 4;
            b += 4;
        }

        var row0 = c + 0 * ldc;
        Merge(c00, alpha, beta, row0 + 0); Merge(c01, alpha, beta, row0 + 1); Merge(c02, alpha, beta, row0 + 2); Merge(c03, alpha, beta, row0 + 3);
        var row1 = c + 1 * ldc;
        Merge(c10, alpha, beta, row1 + 0); Merge(c11, alpha, beta, row1 + 1); Merge(c12, alpha, beta, row1 + 2); Merge(c13, alpha, beta, row1 + 3);
        var row2 = c + 2 * ldc;
        Merge(c20, alpha, beta, row2 + 0); Merge(c21, alpha, beta, row2 + 1); Merge(c22, alpha, beta, row2 + 2); Merge(c23, alpha, beta, row2 + 3);
        var row3 = c + 3 * ldc;
        Merge(c30, alpha, beta, row3 + 0); Merge(c31, alpha, beta, row3 + 1); Merge(c32, alpha, beta, row3 + 2); Merge(c33, alpha, beta, row3 + 3);
    }

    static void Merge(float acc, float alpha, float beta, float* c) => *c = beta == 0 ? alpha * acc : alpha * acc + beta * *c;
}
