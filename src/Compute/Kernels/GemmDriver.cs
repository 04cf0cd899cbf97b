using System.Runtime.CompilerServices;

namespace BigDL.Compute.Kernels;

/// <summary>
/// The Goto/BLIS loop nest around one micro-kernel, for one rectangle of C on one thread:
/// columns in blocks of Nc, K in blocks of Kc (pack B), rows in blocks of Mc
/// (pack A), then Nr-wide B panels outside Mr-tall A panels so one B micro-panel stays in L1 while A streams from L2.
/// </summary>
internal static unsafe class GemmDriver<TKernel>
    where TKernel : struct, IMicroKernel
{
    const int Kc = GemmBlocking.Kc;
    const int Mc = GemmBlocking.Mc;
    const int Nc = GemmBlocking.Nc;

    /// <summary>Computes C's rectangle <paramref name="part"/> of <paramref name="p"/> with this thread's buffers.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(in GemmProblem p, GemmPart part, PackBuffers buffers)
    {
        var mr = TKernel.Mr;
        var nr = TKernel.Nr;
        var kcMax = Math.Min(Kc, p.K);
        var packA = buffers.A(Math.Min(Mc, RoundUp(part.RowEnd - part.RowStart, mr)) * kcMax);
        var packB = buffers.B(Math.Min(Nc, RoundUp(part.ColEnd - part.ColStart, nr)) * kcMax);
        var tile = buffers.Tile;
        for (var jc = part.ColStart; jc < part.ColEnd; jc += Nc)
        {
            var nc = Math.Min(Nc, part.ColEnd - jc);
            for (var pc = 0; pc < p.K; pc += Kc)
            {
                var kc = Math.Min(Kc, p.K - pc);
                var beta = pc == 0 ? p.Beta : 1f;
                var last = pc + kc == p.K;
                GemmPacking.PackB(p, pc, kc, jc, nc, packB, nr);
                for (var ic = part.RowStart; ic < part.RowEnd; ic += Mc)
                {
                    var mc = Math.Min(Mc, part.RowEnd - ic);
                    GemmPacking.PackA(p, ic, mc, pc, kc, packA, mr);
                    for (var jr = 0; jr < nc; jr += nr)
                    {
                        var cols = Math.Min(nr, nc - jr);
                        var b = packB + ((nint)jr * kc);
                        for (var ir = 0; ir < mc; ir += mr)
                        {
                            var rows = Math.Min(mr, mc - ir);
                            var a = packA + ((nint)ir * kc);
                            var c = p.C + ((ic + ir) * p.Ldc) + jc + jr;
                            if (rows == mr && cols == nr)
                            {
                                TKernel.Run(kc, a, b, c, p.Ldc, p.Alpha, beta);
                            }
                            else
                            {
                                // Edge tile: run the full kernel into a scratch tile, then merge only the valid part.
                                TKernel.Run(kc, a, b, tile, nr, 1f, 0f);
                                MergeEdge(tile, nr, c, p.Ldc, rows, cols, p.Alpha, beta);
                            }
                        }
                    }

                    if (last && p.HasEpilogue)
                    {
                        // The finished mc×nc block is still in L2: add bias and activate it now, row by row.
                        GemmEpilogue.Apply(p.C + (ic * p.Ldc) + jc, p.Ldc, mc, nc, p.Bias == null ? null : p.Bias + jc, p.Activation);
                    }
                }
            }
        }
    }

    static int RoundUp(int x, int multiple) => (x + multiple - 1) / multiple * multiple;

    static void MergeEdge(float* tile, nint ldt, float* c, nint ldc, int rows, int cols, float alpha, float beta)
    {
        for (var i = 0; i < rows; i++)
        {
            var t = tile + (i * ldt);
            var row = c + (i * ldc);
            for (var j = 0; j < cols; j++)
            {
                row[j] = beta == 0 ? alpha * t[j] : (alpha * t[j]) + (beta * row[j]);
            }
        }
    }
}

/// <summary>Cache-blocking sizes shared by every kernel (multiples of each kernel's Mr and Nr).</summary>
internal static class GemmBlocking
{
    /// <summary>K block: a Kc×32 B micro-panel (32 KiB) plus a Kc×8 A micro-panel (8 KiB) fit a 48 KiB L1.</summary>
    public const int Kc = 256;

    /// <summary>Row block: the packed Mc×Kc A block (192 KiB) sits in L2 (1 MiB a core on the machines we target).</summary>
    public const int Mc = 192;

    /// <summary>Column block: the packed Kc×Nc B block (2 MiB) lives in L2/L3 and is reused by every row block.</summary>
    public const int Nc = 2048;

    /// <summary>Largest Mr×Nr of any kernel: the edge scratch tile.</summary>
    public const int MaxTile = 32 * 32;
}
