namespace BigDL.Orleans.Compute.Quantization;

/// <summary>
/// The integer product a quantized layer needs: C[m×n] (int32) = A[m×k] (int8, row-major) · B[n×k]ᵀ (int8, row-major,
/// i.e. one weight row per output). Weights are given once to <see cref="Prepare"/> so a kernel may repack them.
/// </summary>
internal interface IInt8Kernel
{
    /// <summary>Readies weights [n×k] for repeated products; returns an opaque handle passed to <see cref="Multiply"/>.</summary>
    object Prepare(ReadOnlySpan<sbyte> weights, int n, int k);

    /// <summary>C = A · Wᵀ for prepared weights.</summary>
    void Multiply(object prepared, int m, ReadOnlySpan<sbyte> a, Span<int> c);
}
