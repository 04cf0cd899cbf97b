namespace BigDL.Compute.Kernels;

/// <summary>One validated SGEMM call with its operands pinned: what every thread of the call reads.</summary>
internal unsafe struct GemmProblem
{
    public bool TransA;
    public bool TransB;
    public int M;
    public int N;
    public int K;
    public float Alpha;
    public float Beta;
    public float* A;
    public nint Lda;
    public float* B;
    public nint Ldb;
    public float* C;
    public nint Ldc;

    /// <summary>Per-column bias, or null for none.</summary>
    public float* Bias;
    public Activation Activation;

    public readonly bool HasEpilogue => Bias != null || Activation != Activation.Identity;
}

/// <summary>A rectangle of C that one thread computes on its own: rows [RowStart, RowEnd) × columns [ColStart, ColEnd).</summary>
internal record struct GemmPart(int RowStart, int RowEnd, int ColStart, int ColEnd);
