namespace BigDL.Compute.Kernels;

/// <summary>How many threads the compute kernels (GEMM and friends) may use per call.</summary>
public static class ComputeThreads
{
    static int _count = Environment.ProcessorCount;

    /// <summary>
    /// Gets or sets the thread count, 1 or more; defaults to <see cref="Environment.ProcessorCount"/>.
    /// More threads than cores only adds contention, so the setter does not cap it, but the default never exceeds the cores.
    /// </summary>
    public static int Count
    {
        get => Volatile.Read(ref _count);
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            Volatile.Write(ref _count, value);
        }
    }
}
