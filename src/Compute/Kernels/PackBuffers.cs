using System.Runtime.InteropServices;

namespace BigDL.Orleans.Compute.Kernels;

/// <summary>
/// One thread's packing scratch (A block, B block, edge tile), allocated once per thread and reused by every call,
/// so GEMM allocates nothing in steady state. Native memory, 64-byte aligned so panel loads never split cache lines;
/// freed when the owning thread's buffers are collected.
/// </summary>
internal sealed unsafe class PackBuffers
{
    const int ALength = GemmBlocking.Mc * GemmBlocking.Kc;
    const int BLength = GemmBlocking.Kc * GemmBlocking.Nc;
    const int TileLength = GemmBlocking.MaxTile;

    [ThreadStatic]
    static PackBuffers? t_current;

    readonly float* _memory;

    PackBuffers()
    {
        _memory = (float*)NativeMemory.AlignedAlloc((nuint)(ALength + BLength + TileLength) * sizeof(float), 64);
        A = _memory;
        B = A + ALength;
        Tile = B + BLength;
    }

    ~PackBuffers() => NativeMemory.AlignedFree(_memory);

    /// <summary>This thread's buffers, created on first use.</summary>
    public static PackBuffers Current => t_current ??= new PackBuffers();

    public float* A { get; }

    public float* B { get; }

    public float* Tile { get; }
}
