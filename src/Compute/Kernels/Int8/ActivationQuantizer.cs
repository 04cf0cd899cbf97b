using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace BigDL.Orleans.Compute.Kernels;

/// <summary>Dynamic per-row asymmetric uint8 quantization of activations: x ≈ scale · (q − zeroPoint).</summary>
internal static class ActivationQuantizer
{
    /// <summary>
    /// Quantizes each of <paramref name="rows"/> rows of <paramref name="cols"/> floats. The range is the row's
    /// [min(min, 0), max(max, 0)], so 0 (ReLU's output, and the padding) is exact; scale = range / 255;
    /// zeroPoint = round(−min / scale). Then |x − scale·(q − zeroPoint)| ≤ scale / 2 for every element.
    /// Bytes from cols up to ldq are zeroed (the kernels read whole groups of 4).
    /// </summary>
    public static unsafe void Quantize(ReadOnlySpan<float> x, int ldx, int rows, int cols, Span<byte> q, int ldq, Span<float> scales, Span<int> zeroPoints)
    {
        fixed (float* px = x)
        fixed (byte* pq = q)
        fixed (float* ps = scales)
        fixed (int* pz = zeroPoints)
        {
            Quantize(px, ldx, 0, rows, cols, pq, ldq, ps, pz);
        }
    }

    /// <summary>Quantizes rows [rowStart, rowEnd) as above; each row is independent, so threads may split the rows.</summary>
    public static unsafe void Quantize(float* x, nint ldx, int rowStart, int rowEnd, int cols, byte* q, nint ldq, float* scales, int* zeroPoints)
    {
        for (var i = rowStart; i < rowEnd; i++)
        {
            var row = x + (i * ldx);
            var (min, max) = Range(row, cols);
            var scale = (max - min) / 255f;
            if (!(scale > 0) || float.IsInfinity(scale))
            {
                scale = scale > 0 ? float.MaxValue / 255f : 1f; // an all-zero row (or NaN): any scale gives q = z
            }

            var zero = (int)Math.Clamp(MathF.Round(-min / scale), 0, 255);
            scales[i] = scale;
            zeroPoints[i] = zero;
            var dst = q + (i * ldq);
            QuantizeRow(row, cols, 1 / scale, zero, dst);
            new Span<byte>(dst + cols, (int)ldq - cols).Clear();
        }
    }

    /// <summary>The row's min and max, widened to include 0, in one pass (TensorPrimitives' Min and Max would take two).</summary>
    static unsafe (float Min, float Max) Range(float* x, int n)
    {
        var k = 0;
        float min = 0, max = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var vmin = Vector512<float>.Zero;
            var vmax = Vector512<float>.Zero;
            for (; k + 16 <= n; k += 16)
            {
                var v = Vector512.Load(x + k);
                vmin = Vector512.Min(vmin, v);
                vmax = Vector512.Max(vmax, v);
            }

            for (var t = 0; t < Vector512<float>.Count; t++)
            {
                min = MathF.Min(min, vmin[t]);
                max = MathF.Max(max, vmax[t]);
            }
        }

        for (; k < n; k++)
        {
            min = MathF.Min(min, x[k]);
            max = MathF.Max(max, x[k]);
        }

        return (min, max);
    }

    static unsafe void QuantizeRow(float* x, int n, float inverse, int zero, byte* q)
    {
        var k = 0;
        if (Avx512F.IsSupported)
        {
            // vcvtps2dq rounds half to even (the default MXCSR mode), as MathF.Round does; vpmovdb narrows the
            // already clamped lanes, 16 bytes a step.
            var vi = Vector512.Create(inverse);
            var vz = Vector512.Create(zero);
            var hi = Vector512.Create(255);
            for (; k + 16 <= n; k += 16)
            {
                var v = Avx512F.ConvertToVector512Int32(Vector512.Load(x + k) * vi) + vz;
                Vector128.Store(Avx512F.ConvertToVector128Byte(Vector512.Min(Vector512.Max(v, Vector512<int>.Zero), hi)), q + k);
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            var vi = Vector256.Create(inverse);
            var vz = Vector256.Create(zero);
            var lo = Vector256<int>.Zero;
            var hi = Vector256.Create(255);
            for (; k + 32 <= n; k += 32)
            {
                var a = Quant(Vector256.Load(x + k), vi, vz, lo, hi);
                var b = Quant(Vector256.Load(x + k + 8), vi, vz, lo, hi);
                var c = Quant(Vector256.Load(x + k + 16), vi, vz, lo, hi);
                var d = Quant(Vector256.Load(x + k + 24), vi, vz, lo, hi);
                var ab = Vector256.Narrow(a.AsUInt32(), b.AsUInt32());
                var cd = Vector256.Narrow(c.AsUInt32(), d.AsUInt32());
                Vector256.Store(Vector256.Narrow(ab, cd), q + k);
            }
        }

        for (; k < n; k++)
        {
            q[k] = (byte)Math.Clamp((int)MathF.Round(x[k] * inverse) + zero, 0, 255);
        }
    }

    // round-half-even like MathF.Round, so the vector and scalar tails give the same bytes
    static Vector256<int> Quant(Vector256<float> x, Vector256<float> inverse, Vector256<int> zero, Vector256<int> lo, Vector256<int> hi) =>
        Vector256.Min(Vector256.Max(Vector256.ConvertToInt32(Vector256.Round(x * inverse)) + zero, lo), hi);

    /// <summary>
    /// Shifts int8 codes to uint8 (x + 128, a flip of the top bit) so the u8×s8 kernels can take symmetric int8
    /// activations; the caller then corrects with zero point 128. Padding bytes up to ldq are zeroed.
    /// </summary>
    public static unsafe void ShiftSigned(ReadOnlySpan<sbyte> a, int rows, int cols, Span<byte> q, int ldq)
    {
        for (var i = 0; i < rows; i++)
        {
            var src = a.Slice(i * cols, cols);
            var dst = q.Slice(i * ldq, ldq);
            var k = 0;
            fixed (sbyte* ps = src)
            fixed (byte* pd = dst)
            {
                if (Vector256.IsHardwareAccelerated)
                {
                    var flip = Vector256.Create((byte)0x80);
                    for (; k + 32 <= cols; k += 32)
                    {
                        Vector256.Store(Vector256.Load((byte*)ps + k) ^ flip, pd + k);
                    }
                }

                for (; k < cols; k++)
                {
                    pd[k] = (byte)(ps[k] ^ unchecked((sbyte)0x80));
                }
            }

            dst[cols..].Clear();
        }
    }
}
