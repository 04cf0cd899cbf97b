namespace BigDL.Compute.Kernels;

/// <summary>Portable integer micro-kernel: one row × 32 channels in plain loops, for processors without AVX2.</summary>
internal readonly unsafe struct ScalarInt8Kernel : IInt8Kernel
{
    public static int Mr => 1;

    public static bool IsSupported => true;

    public static void Run(int groups, byte* a, nint lda, int rows, sbyte* b, int* acc)
    {
        const int Width = QuantizedWeights.PanelWidth;
        const int Group = QuantizedWeights.GroupSize;
        new Span<int>(acc, Width).Clear();
        for (var g = 0; g < groups; g++)
        {
            var x = a + (g * Group);
            for (var c = 0; c < Width; c++)
            {
                var w = b + (c * Group);
                acc[c] += (x[0] * w[0]) + (x[1] * w[1]) + (x[2] * w[2]) + (x[3] * w[3]);
            }

            b += Width * Group;
        }
    }
}
