using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace BigDL.Orleans.Compute.Quantization;

/// <summary>
/// A plain int8 kernel: each output is a dot product of an activation row and a weight row, widened to int16 and
/// multiplied pairwise into int32 (AVX2 vpmaddwd where available, scalar otherwise). Exact; used when no faster
/// integer kernel is available and as the reference the fast one is tested against.
/// </summary>
internal sealed class ReferenceInt8Kernel : IInt8Kernel
{
    sealed record Prepared(sbyte[] Weights, int N, int K);

    /// <inheritdoc/>
    public object Prepare(ReadOnlySpan<sbyte> weights, int n, int k) => new Prepared(weights[..(n * k)].ToArray(), n, k);

    /// <inheritdoc/>
    public void Multiply(object prepared, int m, ReadOnlySpan<sbyte> a, Span<int> c)
    {
        var p = (Prepared)prepared;
        for (var i = 0; i < m; i++)
        {
            var row = a.Slice(i * p.K, p.K);
            for (var j = 0; j < p.N; j++)
            {
                c[i * p.N + j] = Dot(row, p.Weights.AsSpan(j * p.K, p.K));
            }
        }
    }

    internal static int Dot(ReadOnlySpan<sbyte> x, ReadOnlySpan<sbyte> w)
    {
        var sum = 0;
        var k = 0;
        if (Avx2.IsSupported && x.Length >= 16)
        {
            var acc = Vector256<int>.Zero;
            ref var xr = ref MemoryMarshal.GetReference(x);
            ref var wr = ref MemoryMarshal.GetReference(w);
            for (; k + 16 <= x.Length; k += 16)
            {
                var xv = Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref xr, (nuint)k));
                var wv = Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref wr, (nuint)k));
                acc = Avx2.Add(acc, Avx2.MultiplyAddAdjacent(xv, wv));
            }

            sum = Vector256.Sum(acc);
        }

        for (; k < x.Length; k++)
        {
            sum += x[k] * w[k];
        }

        return sum;
    }
}
