using BigDL.Compute.Kernels;

namespace BigDL.Compute.Tests.Kernels;

public class GemmThreadingTests
{
    public static TheoryData<KernelPath> Paths() => [.. GemmReference.Paths];

    [Theory]
    [MemberData(nameof(Paths))]
    public void Multithreaded_sgemm_gives_bit_identical_results_to_single_threaded(KernelPath path)
    {
        // Threads split C along whole Mr×Nr tiles and every tile sums K in the same blocks, so each element is
        // computed by the same operations in the same order whatever the thread count.
        foreach (var (m, n, k) in new[] { (128, 784, 512), (784, 512, 128), (257, 33, 300), (33, 257, 129), (3, 1000, 300) })
        {
            var a = GemmReference.Random(m * k, m);
            var b = GemmReference.Random(k * n, n);
            var bias = GemmReference.Random(n, k);
            var serial = new float[m * n];
            Gemm.Sgemm(path, 1, false, false, m, n, k, 1, a, k, b, n, 0, serial, n, bias, Activation.ReLU);
            foreach (var threads in new[] { 2, 3, 4 })
            {
                var parallel = new float[m * n];
                Gemm.Sgemm(path, threads, false, false, m, n, k, 1, a, k, b, n, 0, parallel, n, bias, Activation.ReLU);
                Assert.Equal(serial, parallel);
            }
        }
    }

    [Fact]
    public void Multithreaded_sgemm_matches_the_reference_on_odd_shapes()
    {
        SgemmTests.Check(KernelPath.Auto, 2, false, false, 257, 129, 257, alpha: 1, beta: 0, pad: 0);
        SgemmTests.Check(KernelPath.Auto, 3, true, true, 129, 257, 200, alpha: 1, beta: 0.5f, pad: 3);
    }

    [Fact]
    public void Concurrent_callers_each_get_their_own_correct_result()
    {
        // Callers that find the pool busy run alone; every result must still be right.
        const int m = 96, n = 160, k = 200;
        var a = GemmReference.Random(m * k, 21);
        var b = GemmReference.Random(k * n, 22);
        var expected = new float[m * n];
        Gemm.Sgemm(KernelPath.Auto, 1, false, false, m, n, k, 1, a, k, b, n, 0, expected, n);
        var failures = 0;
        Parallel.For(0, 8, _ =>
        {
            for (var r = 0; r < 20; r++)
            {
                var c = new float[m * n];
                Gemm.Sgemm(KernelPath.Auto, 2, false, false, m, n, k, 1, a, k, b, n, 0, c, n);
                if (!c.AsSpan().SequenceEqual(expected))
                {
                    Interlocked.Increment(ref failures);
                }
            }
        });
        Assert.Equal(0, failures);
    }

    [Fact]
    public void Partition_splits_c_into_disjoint_tile_aligned_rectangles_covering_it()
    {
        foreach (var (m, n, threads) in new[] { (128, 784, 2), (784, 512, 2), (1024, 1024, 4), (7, 1000, 3), (1, 33, 2) })
        {
            var parts = new GemmPart[threads];
            var count = GemmJob.Partition(m, n, 100, 8, 32, threads, parts);
            Assert.InRange(count, 1, threads);
            var covered = new int[m * n];
            foreach (var part in parts.AsSpan(0, count))
            {
                Assert.True(part.RowStart % 8 == 0 && part.ColStart % 32 == 0, $"{part} is not tile aligned");
                for (var i = part.RowStart; i < part.RowEnd; i++)
                {
                    for (var j = part.ColStart; j < part.ColEnd; j++)
                    {
                        covered[(i * n) + j]++;
                    }
                }
            }

            Assert.All(covered, x => Assert.Equal(1, x));
        }
    }

    [Fact]
    public void Compute_threads_rejects_a_count_below_one()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => ComputeThreads.Count = 0);
        Assert.Equal("value", e.ParamName);
    }
}
