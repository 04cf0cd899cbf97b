namespace BigDL.Compute.Kernels;

/// <summary>
/// An integer micro-kernel: int32 sums of uint8 activations × int8 weights for an Mr×32 tile over whole groups of 4
/// inputs. Every implementation computes the exact same integers (no saturating step anywhere), so paths agree bit for bit.
/// </summary>
internal unsafe interface IInt8Kernel
{
    /// <summary>Rows of the tile.</summary>
    static abstract int Mr { get; }

    /// <summary>Whether the processor can run this kernel.</summary>
    static abstract bool IsSupported { get; }

    /// <summary>
    /// acc[r·32 + c] = Σ_k a[r·lda + k] · q[c, k] for k &lt; 4·groups and r &lt; <paramref name="rows"/> (≤ Mr; only those
    /// rows of <paramref name="a"/> are read, the tile's other rows of acc hold garbage), with <paramref name="b"/> one
    /// packed weight panel (see <see cref="QuantizedWeights.Packed"/>).
    /// </summary>
    static abstract void Run(int groups, byte* a, nint lda, int rows, sbyte* b, int* acc);
}
