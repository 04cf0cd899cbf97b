using System.Runtime.Intrinsics.X86;

namespace BigDL.Compute.Kernels;

/// <summary>Which instruction set a kernel runs on; <see cref="Auto"/> picks the widest one the processor has.</summary>
public enum KernelPath
{
    /// <summary>The widest path this processor supports (see <see cref="KernelPaths.Best"/>).</summary>
    Auto,

    /// <summary>AVX-512F FMA for float; AVX-VNNI (or AVX-512BW) for int8.</summary>
    Avx512,

    /// <summary>AVX2 + FMA3.</summary>
    Avx2,

    /// <summary>Portable scalar code: runs anywhere, slowest.</summary>
    Scalar,
}

/// <summary>Detects which <see cref="KernelPath"/>s this processor can run.</summary>
public static class KernelPaths
{
    /// <summary>The widest path available here: what <see cref="KernelPath.Auto"/> resolves to.</summary>
    public static KernelPath Best { get; } =
        Avx512F.IsSupported ? KernelPath.Avx512
        : Avx2.IsSupported && Fma.IsSupported ? KernelPath.Avx2
        : KernelPath.Scalar;

    /// <summary>Whether <paramref name="path"/> can run on this processor.</summary>
    public static bool IsSupported(KernelPath path) => path switch
    {
        KernelPath.Auto or KernelPath.Scalar => true,
        KernelPath.Avx2 => Avx2.IsSupported && Fma.IsSupported,
        KernelPath.Avx512 => Avx512F.IsSupported,
        _ => false,
    };

    /// <summary>Resolves <see cref="KernelPath.Auto"/> and rejects a path the processor lacks.</summary>
    internal static KernelPath Resolve(KernelPath path)
    {
        if (path == KernelPath.Auto)
        {
            return Best;
        }

        if (!IsSupported(path))
        {
            throw new PlatformNotSupportedException($"kernel path {path} needs instructions this processor lacks; best available is {Best}");
        }

        return path;
    }
}
