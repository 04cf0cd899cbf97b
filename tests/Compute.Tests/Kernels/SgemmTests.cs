using BigDL.Compute.Kernels;

namespace BigDL.Compute.Tests.Kernels;

public class SgemmTests
{
    static readonly int[] OddSizes = [1, 7, 33, 257];

    public static TheoryData<KernelPath, bool, bool> PathsAndTransposes()
    {
        var data = new TheoryData<KernelPath, bool, bool>();
        foreach (var path in GemmReference.Paths)
        {
            foreach (var ta in new[] { false, true })
            {
                foreach (var tb in new[] { false, true })
                {
                    data.Add(path, ta, tb);
                }
            }
        }

        return data;
    }

    public static TheoryData<KernelPath> Paths() => [.. GemmReference.Paths];

    [Theory]
    [MemberData(nameof(PathsAndTransposes))]
    public void Sgemm_matches_the_naive_reference_on_odd_shapes_for_every_path_and_transpose(KernelPath path, bool transA, bool transB)
    {
        foreach (var m in OddSizes)
        {
            foreach (var n in OddSizes)
            {
                foreach (var k in OddSizes)
                {
                    Check(path, 1, transA, transB, m, n, k, alpha: 1, beta: 0, pad: 0);
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(PathsAndTransposes))]
    public void Sgemm_crosses_every_cache_block_edge_for_every_path_and_transpose(KernelPath path, bool transA, bool transB)
    {
        // K above Kc = 256 (two K blocks, the second one short), M above Mc = 192, N not a multiple of any Nr.
        Check(path, 1, transA, transB, 200, 70, 600, alpha: 1, beta: 0, pad: 0);
        Check(path, 1, transA, transB, 13, 2100, 3, alpha: 1, beta: 0, pad: 0);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Sgemm_scales_by_alpha_and_adds_beta_times_c(KernelPath path)
    {
        Check(path, 1, false, false, 33, 47, 300, alpha: 0.5f, beta: -1.5f, pad: 0);
        Check(path, 1, true, true, 9, 64, 17, alpha: -2f, beta: 1f, pad: 0);
        Check(path, 1, false, true, 16, 32, 260, alpha: 1f, beta: 0.25f, pad: 0);
    }

    [Theory]
    [MemberData(nameof(PathsAndTransposes))]
    public void Sgemm_with_up_to_four_rows_streams_b_unpacked_and_matches_the_reference(KernelPath path, bool transA, bool transB)
    {
        // m ≤ 4 takes the skinny path (no packing); n = 37 leaves a vector remainder, k = 300 one past whole vectors.
        foreach (var m in new[] { 1, 2, 3, 4 })
        {
            Check(path, 1, transA, transB, m, 37, 300, alpha: 1, beta: 0, pad: 0);
            Check(path, 1, transA, transB, m, 50, 9, alpha: -0.5f, beta: 2f, pad: 3);
        }
    }

    [Theory]
    [MemberData(nameof(PathsAndTransposes))]
    public void Sgemm_honours_leading_dimensions_wider_than_the_matrices(KernelPath path, bool transA, bool transB)
    {
        Check(path, 1, transA, transB, 19, 37, 41, alpha: 1, beta: 0.5f, pad: 5);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Sgemm_with_beta_zero_never_reads_c(KernelPath path)
    {
        var a = GemmReference.Random(40 * 30, 1);
        var b = GemmReference.Random(30 * 50, 2);
        var c = new float[40 * 50];
        Array.Fill(c, float.NaN);
        Gemm.Sgemm(path, 1, false, false, 40, 50, 30, 1, a, 30, b, 50, 0, c, 50);
        Assert.DoesNotContain(c, float.IsNaN);
        Assert.DoesNotContain(c, x => x == 0); // a real product, not a cleared C
    }

    [Fact]
    public void Sgemm_with_k_zero_or_alpha_zero_only_scales_c()
    {
        var c = new float[] { 1, 2, 3, 4, 5, 6 };
        Gemm.Sgemm(false, false, 2, 3, 0, 1, [], 1, [], 3, 2, c, 3);
        Assert.Equal([2, 4, 6, 8, 10, 12], c);
        var a = new float[] { float.NaN, 1 };
        var b = new float[] { 1, 2, 3, 4, 5, 6 };
        Gemm.Sgemm(false, false, 1, 3, 2, 0, a, 2, b, 3, 0, c.AsSpan(0, 3), 3);
        Assert.Equal([0, 0, 0, 8, 10, 12], c);
    }

    [Fact]
    public void Sgemm_writes_nothing_outside_c_and_leaves_the_padding_of_wide_rows_alone()
    {
        const int m = 9, n = 33, k = 20, ldc = 40;
        var c = new float[(m * ldc) + 7];
        Array.Fill(c, 42f);
        Gemm.Sgemm(false, false, m, n, k, 1, GemmReference.Random(m * k, 3), k, GemmReference.Random(k * n, 4), n, 0, c, ldc);
        for (var i = 0; i < c.Length; i++)
        {
            if (i / ldc >= m || i % ldc >= n)
            {
                Assert.Equal(42f, c[i]);
            }
        }
    }

    internal static void Check(KernelPath path, int threads, bool transA, bool transB, int m, int n, int k, float alpha, float beta, int pad)
    {
        var lda = (transA ? m : k) + pad;
        var ldb = (transB ? k : n) + pad;
        var ldc = n + pad;
        var a = GemmReference.Random(((transA ? k : m) - 1) * lda + (transA ? m : k), m + (7 * n) + k);
        var b = GemmReference.Random(((transB ? n : k) - 1) * ldb + (transB ? k : n), (3 * m) + n + (5 * k));
        var c0 = GemmReference.Random(((m - 1) * ldc) + n, m + n + k);
        var c = (float[])c0.Clone();
        Gemm.Sgemm(path, threads, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        GemmReference.AssertMatches(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c0, c, ldc,
            $"{path} t{threads} {(transA ? "T" : "N")}{(transB ? "T" : "N")} m={m} n={n} k={k}");
    }
}
