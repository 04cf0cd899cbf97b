namespace BigDL.Compute.Kernels;

/// <summary>
/// A register-blocked GEMM micro-kernel: one <see cref="Mr"/>×<see cref="Nr"/> tile of C from packed panels.
/// Implemented by structs so <see cref="GemmDriver{TKernel}"/> is specialised per kernel and the tile sizes fold to constants.
/// </summary>
internal unsafe interface IMicroKernel
{
    /// <summary>Rows of the C tile (the A panel width).</summary>
    static abstract int Mr { get; }

    /// <summary>Columns of the C tile (the B panel width).</summary>
    static abstract int Nr { get; }

    /// <summary>Whether the processor can run this kernel.</summary>
    static abstract bool IsSupported { get; }

    /// <summary>
    /// C = alpha·(A panel · B panel) + beta·C over a full Mr×Nr tile at <paramref name="c"/> (row stride <paramref name="ldc"/>).
    /// <paramref name="a"/> holds kc steps of Mr floats, <paramref name="b"/> kc steps of Nr floats.
    /// beta = 0 means C is write-only (never read, so NaNs or garbage there do not leak in, as BLAS specifies).
    /// </summary>
    static abstract void Run(int kc, float* a, float* b, float* c, nint ldc, float alpha, float beta);
}
