namespace BigDL.Orleans.Compute.Quantization;

/// <summary>Chooses the integer kernel quantized layers use.</summary>
internal static class Int8Kernels
{
    /// <summary>The kernel used by new layers.</summary>
    public static IInt8Kernel Default { get; set; } = new ReferenceInt8Kernel();
}
