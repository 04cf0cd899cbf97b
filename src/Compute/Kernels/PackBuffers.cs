using System.Runtime.InteropServices;

namespace BigDL.Compute.Kernels;

/// <summary>
/// One thread's packing scratch (A block, B block, edge tile), reused by every call so GEMM allocates nothing in steady
/// state. Native memory, 64-byte aligned so panel loads never split cache lines. Each block grows to the largest call
/// this thread has made (at most Mc×Kc and Kc×Nc floats, 2.2 MiB together) rather than starting at that size, because
/// every thread that ever calls GEMM keeps one, and most threads of a service only run small products.
/// Freed when the owning thread's buffers are collected.
/// </summary>
internal sealed unsafe class PackBuffers
{
    [ThreadStatic]
    static PackBuffers? t_current;

    float* _a;
    int _aCapacity;
    float* _b;
    int _bCapacity;

    PackBuffers() => Tile = Allocate(GemmBlocking.MaxTile);

    ~PackBuffers()
    {
        NativeMemory.AlignedFree(_a);
        NativeMemory.AlignedFree(_b);
        NativeMemory.AlignedFree(Tile);
    }

    /// <summary>This thread's buffers, created on first use.</summary>
    public static PackBuffers Current => t_current ??= new PackBuffers();

    /// <summary>The Mr×Nr edge tile.</summary>
    public float* Tile { get; }

    /// <summary>Room for <paramref name="floats"/> floats of packed A (contents not kept across a grow).</summary>
    public float* A(int floats) => Ensure(ref _a, ref _aCapacity, floats);

    /// <summary>Room for <paramref name="floats"/> floats of packed B (contents not kept across a grow).</summary>
    public float* B(int floats) => Ensure(ref _b, ref _bCapacity, floats);

    static float* Ensure(ref float* block, ref int capacity, int floats)
    {
        if (floats > capacity)
        {
            NativeMemory.AlignedFree(block);
            block = null; // never left dangling if the allocation below throws
            capacity = 0;
            block = Allocate(floats);
            capacity = floats;
        }

        return block;
    }

    static float* Allocate(int floats) => (float*)NativeMemory.AlignedAlloc((nuint)floats * sizeof(float), 64);
}
