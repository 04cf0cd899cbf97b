using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace BigDL.Compute.Kernels;

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
            // Two accumulator pairs hide the min/max latency; MinNative/MaxNative are the bare vminps/vmaxps (the IEEE
            // Min/Max add fix-ups for NaN and −0 that a quantization range has no use for).
            Vector512<float> vmin = Vector512<float>.Zero, vmax = Vector512<float>.Zero;
            Vector512<float> wmin = Vector512<float>.Zero, wmax = Vector512<float>.Zero;
            for (; k + 32 <= n; k += 32)
            {
                var v = Vector512.Load(x + k);
                var u = Vector512.Load(x + k + 16);
                vmin = Vector512.MinNative(vmin, v);
                vmax = Vector512.MaxNative(vmax, v);
                wmin = Vector512.MinNative(wmin, u);
                wmax = Vector512.MaxNative(wmax, u);
            }

            for (; k + 16 <= n; k += 16)
            {
                var v = Vector512.Load(x + k);
                vmin = Vector512.MinNative(vmin, v);
                vmax = Vector512.MaxNative(vmax, v);
            }

            vmin = Vector512.MinNative(vmin, wmin);
            vmax = Vector512.MaxNative(vmax, wmax);

            // Fold the 16 lanes in halves (4 vector steps) rather than 16 scalar Min/Max calls per row.
            var min8 = Vector256.MinNative(vmin.GetLower(), vmin.GetUpper());
            var max8 = Vector256.MaxNative(vmax.GetLower(), vmax.GetUpper());
            var min4 = Vector128.MinNative(min8.GetLower(), min8.GetUpper());
            var max4 = Vector128.MaxNative(max8.GetLower(), max8.GetUpper());
            min = MathF.Min(MathF.Min(min4[0], min4[1]), MathF.Min(min4[2], min4[3]));
            max = MathF.Max(MathF.Max(max4[0], max4[1]), MathF.Max(max4[2], max4[3]));
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            Vector256<float> vmin = Vector256<float>.Zero, vmax = Vector256<float>.Zero;
            for (; k + 8 <= n; k += 8)
            {
                var v = Vector256.Load(x + k);
                vmin = Vector256.MinNative(vmin, v);
                vmax = Vector256.MaxNative(vmax, v);
            }

            var min4 = Vector128.MinNative(vmin.GetLower(), vmin.GetUpper());
            var max4 = Vector128.MaxNative(vmax.GetLower(), vmax.GetUpper());
            min = MathF.Min(MathF.Min(min4[0], min4[1]), MathF.Min(min4[2], min4[3]));
            max = MathF.Max(MathF.Max(max4[0], max4[1]), MathF.Max(max4[2], max4[3]));
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
        if (Avx512BW.IsSupported)
        {
            // vcvtps2dq rounds half to even (the default MXCSR mode), as MathF.Round does. The saturating packs
            // (int32 → int16 → uint8) clamp to [0, 255] for free, 64 bytes a step; they interleave 128-bit lanes, and one
            // dword permute puts the four sources back in order.
            var vi = Vector512.Create(inverse);
            var vz = Vector512.Create(zero);
            var order = Vector512.Create(0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15);
            for (; k + 64 <= n; k += 64)
            {
                var a = Avx512F.ConvertToVector512Int32(Vector512.Load(x + k) * vi) + vz;
                var b = Avx512F.ConvertToVector512Int32(Vector512.Load(x + k + 16) * vi) + vz;
                var c = Avx512F.ConvertToVector512Int32(Vector512.Load(x + k + 32) * vi) + vz;
                var d = Avx512F.ConvertToVector512Int32(Vector512.Load(x + k + 48) * vi) + vz;
                var bytes = Avx512BW.PackUnsignedSaturate(Avx512BW.PackSignedSaturate(a, b), Avx512BW.PackSignedSaturate(c, d));
                Vector512.Store(Avx512F.PermuteVar16x32(bytes.AsInt32(), order).AsByte(), q + k);
            }

            // 16 at a time for the rest: a scalar MathF.Round costs ~15 cycles an element, a row's tail 10× its body.
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
