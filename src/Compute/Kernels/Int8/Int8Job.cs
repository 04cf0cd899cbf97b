using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace BigDL.Compute.Kernels;

/// <summary>
/// Runs an int8 GEMM: splits the output into per-thread rectangles (as <see cref="GemmJob.Partition"/> does for float),
/// and in each walks 32-channel weight panels (kept in L1) outside row tiles, dequantizing every tile as it comes out.
/// </summary>
internal sealed unsafe class Int8Job : IParallelWork
{
    const int Width = QuantizedWeights.PanelWidth;
    const int PanelBytes = QuantizedWeights.PanelWidth * QuantizedWeights.GroupSize;

    /// <summary>Below this many multiply-adds (~10 µs on one core) a second thread costs more than it saves.</summary>
    const long SerialMacs = 1 << 20;

    [ThreadStatic]
    static Int8Job? t_job;

    Int8Problem _problem;
    KernelPath _path;
    GemmPart[] _parts = new GemmPart[4];

    public static void Run(in Int8Problem p, KernelPath path, int threads)
    {
        if (threads > 1 && (long)p.Rows * p.Outputs * p.Groups * 4 >= SerialMacs)
        {
            var job = t_job ??= new Int8Job();
            if (job._parts.Length < threads)
            {
                job._parts = new GemmPart[threads];
            }

            var count = Partition(p, MrOf(path), threads, job._parts);
            if (count > 1)
            {
                job._problem = p;
                job._path = path;
                if (job._parts[0].ColEnd != p.Outputs && p.X != null)
                {
                    // Parts split the columns, so every part needs every row: quantize them all first.
                    ActivationQuantizer.Quantize(p.X, p.Inputs, 0, p.Rows, p.Inputs, p.Q, p.Ldq, p.RowScales, p.ZeroPoints);
                    job._problem.X = null;
                }

                var ran = WorkerPool.Shared.TryRun(job, count);
                job._problem = default; // the pinned pointers are valid for this call only
                if (ran)
                {
                    return;
                }
            }
        }

        RunPart(p, path, new GemmPart(0, p.Rows, 0, p.Outputs));
    }

    /// <summary>
    /// Splits by rows when there are enough (the weights are packed already, and each part quantizes its own rows, so
    /// nothing is done twice); else by 32-channel panels, as <see cref="GemmJob.Partition"/> does.
    /// </summary>
    static int Partition(in Int8Problem p, int mr, int threads, Span<GemmPart> parts)
    {
        var rowTiles = (p.Rows + mr - 1) / mr;
        if (rowTiles >= 4 * threads)
        {
            for (var i = 0; i < threads; i++)
            {
                parts[i] = new GemmPart(Math.Min(p.Rows, rowTiles * i / threads * mr), Math.Min(p.Rows, rowTiles * (i + 1) / threads * mr), 0, p.Outputs);
            }

            return threads;
        }

        return GemmJob.Partition(p.Rows, p.Outputs, p.Groups * 4, mr, Width, threads, parts);
    }

    public void Execute(int part) => RunPart(_problem, _path, _parts[part]);

    static int MrOf(KernelPath path) => path switch
    {
        KernelPath.Avx512 => VnniInt8Kernel.Mr,
        KernelPath.Avx2 => Avx2Int8Kernel.Mr,
        _ => ScalarInt8Kernel.Mr,
    };

    static void RunPart(in Int8Problem p, KernelPath path, GemmPart part)
    {
        switch (path)
        {
            case KernelPath.Avx512:
                RunPart<VnniInt8Kernel>(p, part);
                break;
            case KernelPath.Avx2:
                RunPart<Avx2Int8Kernel>(p, part);
                break;
            default:
                RunPart<ScalarInt8Kernel>(p, part);
                break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void RunPart<TKernel>(in Int8Problem p, GemmPart part)
        where TKernel : struct, IInt8Kernel
    {
        if (p.X != null)
        {
            ActivationQuantizer.Quantize(p.X, p.Inputs, part.RowStart, part.RowEnd, p.Inputs, p.Q, p.Ldq, p.RowScales, p.ZeroPoints);
        }

        var mr = TKernel.Mr;
        var acc = stackalloc int[mr * Width];
        for (var j0 = part.ColStart; j0 < part.ColEnd; j0 += Width)
        {
            var cols = Math.Min(Width, part.ColEnd - j0);
            var panel = p.Weights + ((nint)(j0 / Width) * p.Groups * PanelBytes);
            for (var i0 = part.RowStart; i0 < part.RowEnd; i0 += mr)
            {
                var rows = Math.Min(mr, part.RowEnd - i0);
                TKernel.Run(p.Groups, p.Q + (i0 * p.Ldq), p.Ldq, rows, panel, acc);
                Dequantize(p, acc, i0, rows, j0, cols);
            }
        }

        if (p.Activation != Activation.Identity && p.YInt == null)
        {
            for (var i = part.RowStart; i < part.RowEnd; i++)
            {
                GemmEpilogue.Activate(new Span<float>(p.Y + ((nint)i * p.Outputs) + part.ColStart, part.ColEnd - part.ColStart), p.Activation);
            }
        }
    }

    /// <summary>
    /// y[i, j] = (float)(acc − zero[i]·colsum[j]) · (scale[i]·wscale[j]) + bias[j]; the vector and scalar forms do the
    /// same float operations in the same order (.NET never fuses a·b + c on its own), so every path gives the same bits.
    /// </summary>
    static void Dequantize(in Int8Problem p, int* acc, int i0, int rows, int j0, int cols)
    {
        if (p.YInt != null)
        {
            StoreExact(p, acc, i0, rows, j0, cols);
            return;
        }

        var colSums = p.ColumnSums + j0;
        var wScales = p.WeightScales + j0;
        var bias = p.Bias == null ? null : p.Bias + j0;
        for (var r = 0; r < rows; r++)
        {
            var zero = p.ZeroPoints[i0 + r];
            var scale = p.RowScales[i0 + r];
            var src = acc + (r * Width);
            var dst = p.Y + ((nint)(i0 + r) * p.Outputs) + j0;
            var c = 0;
            if (Vector256.IsHardwareAccelerated)
            {
                var vz = Vector256.Create(zero);
                var vs = Vector256.Create(scale);
                for (; c + 8 <= cols; c += 8)
                {
                    var sum = Vector256.Load(src + c) - (vz * Vector256.Load(colSums + c));
                    var b = bias == null ? Vector256<float>.Zero : Vector256.Load(bias + c);
                    Vector256.Store((Vector256.ConvertToSingle(sum) * (vs * Vector256.Load(wScales + c))) + b, dst + c);
                }
            }

            for (; c < cols; c++)
            {
                var b = bias == null ? 0f : bias[c];
                dst[c] = ((float)(src[c] - (zero * colSums[c])) * (scale * wScales[c])) + b;
            }
        }
    }

    /// <summary>y[i, j] = acc − zero[i]·colsum[j], the exact integer product of the unshifted codes.</summary>
    static void StoreExact(in Int8Problem p, int* acc, int i0, int rows, int j0, int cols)
    {
        for (var r = 0; r < rows; r++)
        {
            var zero = p.ZeroPoints[i0 + r];
            var src = acc + (r * Width);
            var dst = p.YInt + ((nint)(i0 + r) * p.Outputs) + j0;
            for (var c = 0; c < cols; c++)
            {
                dst[c] = src[c] - (zero * p.ColumnSums[j0 + c]);
            }
        }
    }
}
