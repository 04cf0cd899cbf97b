using BigDL.Compute.Kernels;

namespace BigDL.Compute.Tests.Kernels;

public class GemmEpilogueTests
{
    public static TheoryData<KernelPath, Activation> PathsAndActivations()
    {
        var data = new TheoryData<KernelPath, Activation>();
        foreach (var path in GemmReference.Paths)
        {
            foreach (var activation in Enum.GetValues<Activation>())
            {
                data.Add(path, activation);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(PathsAndActivations))]
    public void Sgemm_adds_the_bias_and_applies_the_activation_in_its_epilogue(KernelPath path, Activation activation)
    {
        // K = 300 spans two K blocks, so the epilogue must wait for the last one; N = 45 leaves an edge tile.
        foreach (var m in new[] { 21, 3 }) // 3 rows: the skinny path's epilogue
        {
            CheckEpilogue(path, activation, m, 45, 300);
        }
    }

    static void CheckEpilogue(KernelPath path, Activation activation, int m, int n, int k)
    {
        var a = GemmReference.Random(m * k, 11);
        var b = GemmReference.Random(n * k, 12);
        var bias = GemmReference.Random(n, 13);
        var c0 = GemmReference.Random(m * n, 14);
        var c = (float[])c0.Clone();
        Gemm.Sgemm(path, 1, false, true, m, n, k, 0.5f, a, k, b, k, 0.5f, c, n, bias, activation);
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                double sum = 0, abs = 0;
                for (var p = 0; p < k; p++)
                {
                    var t = GemmReference.A(a, false, k, i, p) * GemmReference.B(b, true, k, p, j);
                    sum += t;
                    abs += Math.Abs(t);
                }

                var pre = (0.5 * sum) + (0.5 * c0[(i * n) + j]) + bias[j];
                var expected = GemmReference.Activate(pre, activation);

                // GEMM error (k+3 roundings, bias included) carried through an activation whose slope is at most
                // 1.13 (GELU's maximum), plus 8 ulps for TensorPrimitives' exp/tanh and the GELU rewrite.
                var gemm = (k + 3) * GemmReference.U * ((0.5 * abs) + Math.Abs(0.5 * c0[(i * n) + j]) + Math.Abs(bias[j]));
                var bound = (1.13 * gemm) + (8 * GemmReference.U * (Math.Abs(expected) + 1e-3));
                var actual = c[(i * n) + j];
                Assert.True(Math.Abs(actual - expected) <= bound, $"{path} {activation}: C[{i},{j}] = {actual}, expected {expected} ± {bound:E2}");
            }
        }
    }

    [Fact]
    public void Gelu_epilogue_saturates_cleanly_far_from_zero()
    {
        // x / (1 + e^(-2u)): e^(-2u) overflows to +inf for very negative x, which must give -0, not NaN.
        float[] x = [-1000f, -30f, 30f, 1000f];
        var c = new float[4];
        Gemm.Sgemm(false, false, 1, 4, 1, 1, [1f], 1, x, 4, 0, c, 4, default, Activation.Gelu);
        Assert.Equal([0f, 0f, 30f, 1000f], c);
    }
}
