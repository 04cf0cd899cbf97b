using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace BigDL.Compute.Kernels;

/// <summary>AVX2 integer micro-kernel for processors without VNNI: one row × 32 channels, exact.</summary>
/// <remarks>
/// VPMADDUBSW (uint8×int8 pairs into int16) would be twice as fast but saturates (2·255·127 > 32767), so bytes are widened
/// to int16 first and multiplied by VPMADDWD, whose pair sums fit int32: the same integers as VNNI, at about a third of
/// its speed. Lanes hold (channel, input pair) partial sums that one horizontal add per tile folds together.
/// </remarks>
internal readonly unsafe struct Avx2Int8Kernel : IInt8Kernel
{
    public static int Mr => 1;

    public static bool IsSupported => Avx2.IsSupported;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(int groups, byte* a, nint lda, int rows, sbyte* b, int* acc)
    {
        // Accumulator v·2 + h covers channels 8v + 4h .. 8v + 4h + 3, two int32 lanes (input pairs 0-1, 2-3) each.
        Vector256<int> s00 = default, s01 = default, s10 = default, s11 = default;
        Vector256<int> s20 = default, s21 = default, s30 = default, s31 = default;
        for (var g = 0; g < groups; g++)
        {
            // 4 activation bytes, zero-extended to int16 and repeated for each of the 4 channels of a half vector.
            var x = Avx2.BroadcastScalarToVector256(Sse41.ConvertToVector128Int16(Vector128.CreateScalar(((int*)a)[g]).AsByte()).AsInt64()).AsInt16();
            Step(b, x, ref s00, ref s01);
            Step(b + 32, x, ref s10, ref s11);
            Step(b + 64, x, ref s20, ref s21);
            Step(b + 96, x, ref s30, ref s31);
            b += 128;
        }

        Vector256.Store(Fold(s00, s01), acc);
        Vector256.Store(Fold(s10, s11), acc + 8);
        Vector256.Store(Fold(s20, s21), acc + 16);
        Vector256.Store(Fold(s30, s31), acc + 24);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Step(sbyte* b, Vector256<short> x, ref Vector256<int> low, ref Vector256<int> high)
    {
        var w = Vector256.Load(b);
        low += Avx2.MultiplyAddAdjacent(Avx2.ConvertToVector256Int16(w.GetLower()), x);
        high += Avx2.MultiplyAddAdjacent(Avx2.ConvertToVector256Int16(w.GetUpper()), x);
    }

    /// <summary>Adds each channel's two pair sums: hadd gives channels [0,1,4,5 | 2,3,6,7]; the permute restores order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector256<int> Fold(Vector256<int> low, Vector256<int> high) =>
        Avx2.Permute4x64(Avx2.HorizontalAdd(low, high).AsInt64(), 0b11_01_10_00).AsInt32();
}
