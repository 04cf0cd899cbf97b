namespace BigDL.Compute.Kernels;

/// <summary>An elementwise activation a kernel can fuse into its output (the GEMM epilogue).</summary>
public enum Activation
{
    /// <summary>No activation: y = x.</summary>
    Identity,

    /// <summary>y = max(x, 0).</summary>
    ReLU,

    /// <summary>y = x·Φ(x), tanh approximation as in PyTorch's <c>approximate="tanh"</c>.</summary>
    Gelu,

    /// <summary>y = tanh(x).</summary>
    Tanh,

    /// <summary>y = 1 / (1 + e^-x).</summary>
    Sigmoid,
}
