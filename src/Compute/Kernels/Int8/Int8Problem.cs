namespace BigDL.Compute.Kernels;

/// <summary>One validated int8 GEMM call with its operands pinned: what every thread of the call reads.</summary>
internal unsafe struct Int8Problem
{
    /// <summary>Float activations (rows × Inputs) still to quantize into Q, RowScales and ZeroPoints; null when Q is ready.</summary>
    public float* X;
    public int Inputs;
    public int Rows;
    public int Outputs;
    public int Groups;
    public byte* Q;
    public nint Ldq;
    public float* RowScales;
    public int* ZeroPoints;
    public sbyte* Weights;
    public int* ColumnSums;
    public float* WeightScales;
    public float* Y;

    /// <summary>When set, the exact int32 sums Σ(q − zero)·w go here instead of float outputs to Y.</summary>
    public int* YInt;

    /// <summary>Per-output bias, or null for none.</summary>
    public float* Bias;
    public Activation Activation;
}
