namespace BigDL.Compute.Kernels;

/// <summary>
/// Splits one GEMM call into rectangles of C, one per thread, and runs them on the <see cref="WorkerPool"/>.
/// Each rectangle is an independent sub-GEMM with its own packing, so threads never wait on each other mid-call; the price
/// is that the operand shared by the rectangles is packed once per thread, which <see cref="Partition"/> keeps small.
/// </summary>
internal sealed unsafe class GemmJob : IParallelWork
{
    /// <summary>Below this many multiply-adds (~10 µs on one core) waking a second thread costs more than it saves.</summary>
    const long SerialMacs = 1 << 19;

    /// <summary>Packing one element costs about as much as this many kernel multiply-adds (a 16-wide FMA does 16 a cycle).</summary>
    const long PackCost = 8;

    [ThreadStatic]
    static GemmJob? t_job;

    GemmProblem _problem;
    KernelPath _path;
    GemmPart[] _parts = new GemmPart[4];

    public static void Run(in GemmProblem p, KernelPath path, int threads)
    {
        // A skinny call splits only its columns (32 at a time); the packed kernels split along whole tiles.
        var (mr, nr) = SkinnyGemm.Accepts(p) ? (SkinnyGemm.MaxRows, 32) : TileOf(path);
        if (threads > 1 && (long)p.M * p.N * p.K >= SerialMacs)
        {
            var job = t_job ??= new GemmJob();
            if (job._parts.Length < threads)
            {
                job._parts = new GemmPart[threads]; // grows once when the thread count is raised, then reused
            }

            var count = Partition(p.M, p.N, p.K, mr, nr, threads, job._parts);
            if (count > 1)
            {
                job._problem = p;
                job._path = path;
                var ran = WorkerPool.Shared.TryRun(job, count);
                job._problem = default; // drop the pinned pointers: they are only valid for this call
                if (ran)
                {
                    return;
                }
            }
        }

        RunPart(p, path, new GemmPart(0, p.M, 0, p.N), PackBuffers.Current);
    }

    public void Execute(int part) => RunPart(_problem, _path, _parts[part], PackBuffers.Current);

    static void RunPart(in GemmProblem p, KernelPath path, GemmPart part, PackBuffers buffers)
    {
        if (SkinnyGemm.Accepts(p))
        {
            SkinnyGemm.Run(p, part, buffers, vector: path != KernelPath.Scalar);
            if (p.HasEpilogue)
            {
                var cols = part.ColEnd - part.ColStart;
                GemmEpilogue.Apply(p.C + part.ColStart, p.Ldc, p.M, cols, p.Bias == null ? null : p.Bias + part.ColStart, p.Activation);
            }

            return;
        }

        switch (path)
        {
            case KernelPath.Avx512:
                GemmDriver<Avx512Kernel>.Run(p, part, buffers);
                break;
            case KernelPath.Avx2:
                GemmDriver<Avx2Kernel>.Run(p, part, buffers);
                break;
            default:
                GemmDriver<ScalarKernel>.Run(p, part, buffers);
                break;
        }
    }

    internal static (int Mr, int Nr) TileOf(KernelPath path) => path switch
    {
        KernelPath.Avx512 => (Avx512Kernel.Mr, Avx512Kernel.Nr),
        KernelPath.Avx2 => (Avx2Kernel.Mr, Avx2Kernel.Nr),
        _ => (ScalarKernel.Mr, ScalarKernel.Nr),
    };

    /// <summary>
    /// Picks a tm×tn grid (tm·tn = threads) of C rectangles aligned to whole Mr×Nr tiles that minimises one thread's
    /// work: its tiles' multiply-adds (edge tiles count in full, as the kernel computes them in full) plus the packing of
    /// its rows of A and columns of B. Writes the rectangles to <paramref name="parts"/> and returns how many.
    /// </summary>
    internal static int Partition(int m, int n, int k, int mr, int nr, int threads, Span<GemmPart> parts)
    {
        var rowTiles = (m + mr - 1) / mr;
        var colTiles = (n + nr - 1) / nr;
        int bestTm = 1, bestTn = 1;
        var bestCost = long.MaxValue;
        for (var tm = 1; tm <= threads; tm++)
        {
            if (threads % tm != 0)
            {
                continue;
            }

            var tn = threads / tm;
            if (tm > rowTiles || tn > colTiles)
            {
                continue;
            }

            long rows = (rowTiles + tm - 1) / tm * mr;
            long cols = (colTiles + tn - 1) / tn * nr;
            var cost = (rows * cols * k) + (PackCost * (rows + cols) * k);
            if (cost < bestCost)
            {
                (bestCost, bestTm, bestTn) = (cost, tm, tn);
            }
        }

        var count = 0;
        for (var i = 0; i < bestTm; i++)
        {
            var r0 = Math.Min(m, rowTiles * i / bestTm * mr);
            var r1 = Math.Min(m, rowTiles * (i + 1) / bestTm * mr);
            for (var j = 0; j < bestTn; j++)
            {
                var c0 = Math.Min(n, colTiles * j / bestTn * nr);
                var c1 = Math.Min(n, colTiles * (j + 1) / bestTn * nr);
                if (r1 > r0 && c1 > c0)
                {
                    parts[count++] = new GemmPart(r0, r1, c0, c1);
                }
            }
        }

        return count;
    }
}
