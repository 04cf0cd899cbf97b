using BigDL.Compute.Kernels;

namespace BigDL.Compute.Tests.Kernels;

// Runs alone: the worker pool is process-wide, and a test running beside this one could warm up a new worker
// (allocating its packing buffers) in the middle of the measurement.
[Collection(nameof(GemmAllocationTests))]
[CollectionDefinition(nameof(GemmAllocationTests), DisableParallelization = true)]
public class GemmAllocationTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Sgemm_allocates_nothing_per_call_after_warm_up(int threads)
    {
        // The calling thread's count, plus each worker's own count as it reports it after every call it joined.
        const int m = 128, n = 512, k = 784;
        var a = GemmReference.Random(m * k, 1);
        var b = GemmReference.Random(n * k, 2);
        var bias = GemmReference.Random(n, 3);
        var c = new float[m * n];
        for (var i = 0; i < 3; i++)
        {
            Gemm.Sgemm(KernelPath.Auto, threads, false, true, m, n, k, 1, a, k, b, k, 0, c, n, bias, Activation.Gelu);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        var workersBefore = WorkerPool.Shared.WorkerAllocatedBytes;
        for (var i = 0; i < 10; i++)
        {
            Gemm.Sgemm(KernelPath.Auto, threads, false, true, m, n, k, 1, a, k, b, k, 0, c, n, bias, Activation.Gelu);
            Gemm.Sgemm(KernelPath.Auto, threads, true, false, k, n, m, 1, a, k, c, n, 0, b, n);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(0, WorkerPool.Shared.WorkerAllocatedBytes - workersBefore);
    }
}
