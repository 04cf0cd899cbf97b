using System.Diagnostics;

namespace BigDL.Compute.Kernels;

/// <summary>Work split into numbered parts that any thread of a <see cref="WorkerPool"/> may run.</summary>
internal interface IParallelWork
{
    /// <summary>Runs part <paramref name="part"/>; parts must not overlap in what they write.</summary>
    void Execute(int part);
}

/// <summary>
/// A persistent pool of compute threads for kernels. A call hands out parts through one counter and the caller runs
/// parts too, so a 2-part call wakes a single worker. Workers spin for a short while after each call before they
/// block: a training step issues GEMMs back to back, and a spinning worker picks the next one up in well under a
/// microsecond where a blocked one takes tens (the MLP's GEMMs last ~0.5 ms, so a sleep/wake per call would cost ~10%).
/// Nothing is allocated per call. One call runs at a time; a concurrent caller gets false and runs its work itself,
/// which is also the right thing on a machine whose cores are already busy.
/// </summary>
internal sealed class WorkerPool
{
    // How long an idle worker spins before blocking; priced above.
    static readonly long SpinTicks = Stopwatch.Frequency / 5000; // 200 µs

    readonly Lock _growLock = new();
    Worker[] _workers = [];
    int _busy;

    // High 32 bits: the call's generation; low 32 bits: the next part to hand out. One word, so a worker that wakes
    // late for an old call can never claim a part of the next one (its compare-exchange sees the new generation).
    long _state;
    IParallelWork? _work;
    Exception? _failure;
    int _parts;
    int _pending;

    /// <summary>Bytes the workers have allocated so far, as of the last part each finished (tests check it stays flat).</summary>
    internal long WorkerAllocatedBytes
    {
        get
        {
            long sum = 0;
            foreach (var worker in Volatile.Read(ref _workers))
            {
                sum += Volatile.Read(ref worker.AllocatedBytes);
            }

            return sum;
        }
    }

    /// <summary>The process-wide pool the kernels share.</summary>
    public static WorkerPool Shared { get; } = new();

    /// <summary>
    /// Runs parts 0..<paramref name="parts"/>-1 on the caller and up to <paramref name="parts"/>-1 workers, returning
    /// when all are done; returns false, running nothing, when another call holds the pool.
    /// </summary>
    public bool TryRun(IParallelWork work, int parts)
    {
        if (Interlocked.CompareExchange(ref _busy, 1, 0) != 0)
        {
            return false;
        }

        try
        {
            var helpers = EnsureWorkers(parts - 1);
            _work = work;
            _parts = parts;
            Volatile.Write(ref _pending, parts);
            var generation = (int)(Volatile.Read(ref _state) >> 32) + 1;
            Interlocked.Exchange(ref _state, (long)generation << 32);
            for (var i = 0; i < helpers; i++)
            {
                _workers[i].Wake();
            }

            RunParts(generation, work, parts, null);
            var spin = new SpinWait();
            while (Volatile.Read(ref _pending) != 0)
            {
                spin.SpinOnce(sleep1Threshold: -1);
            }

            // Close the generation before the fields are reused: a late worker's claim now fails.
            Interlocked.Exchange(ref _state, ((long)generation << 32) | int.MaxValue);
            _work = null;
            if (Interlocked.Exchange(ref _failure, null) is { } failure)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
            }

            return true;
        }
        finally
        {
            Volatile.Write(ref _busy, 0);
        }
    }

    void RunParts(int generation, IParallelWork work, int parts, Worker? worker)
    {
        while (true)
        {
            var state = Volatile.Read(ref _state);
            var part = (int)state;
            if ((int)(state >> 32) != generation || part >= parts)
            {
                return;
            }

            if (Interlocked.CompareExchange(ref _state, state + 1, state) == state)
            {
                try
                {
                    work.Execute(part);
                }
                catch (Exception e)
                {
                    // A part that throws must still count as done, or the caller would wait forever; the caller
                    // rethrows the first failure once every part has finished.
                    Interlocked.CompareExchange(ref _failure, e, null);
                }

                if (worker is not null)
                {
                    Volatile.Write(ref worker.AllocatedBytes, GC.GetAllocatedBytesForCurrentThread());
                }

                Interlocked.Decrement(ref _pending);
            }
        }
    }

    int EnsureWorkers(int wanted)
    {
        if (wanted <= _workers.Length)
        {
            return wanted;
        }

        lock (_growLock)
        {
            var grown = new Worker[wanted];
            _workers.CopyTo(grown, 0);
            for (var i = _workers.Length; i < wanted; i++)
            {
                grown[i] = new Worker(this, i);
            }

            _workers = grown;
        }

        return wanted;
    }

    // A worker lives as long as the process (pool threads are never retired), so its semaphore is never disposed.
#pragma warning disable CA1001
    sealed class Worker
#pragma warning restore CA1001
    {
        readonly WorkerPool _pool;
        readonly SemaphoreSlim _wake = new(0);
        int _sleeping;

        // What GC.GetAllocatedBytesForCurrentThread said after this worker's last part, published before the part
        // counts as done, so a caller that has returned sees it.
        public long AllocatedBytes;

        public Worker(WorkerPool pool, int index)
        {
            _pool = pool;
            var thread = new Thread(Loop) { IsBackground = true, Name = $"bigdl-compute-{index + 1}" };
            thread.Start();
        }

        public void Wake()
        {
            if (Interlocked.Exchange(ref _sleeping, 0) == 1)
            {
                _wake.Release();
            }
        }

        void Loop()
        {
            var seen = 0;
            while (true)
            {
                var generation = WaitForCall(seen);
                seen = generation;
                var work = _pool._work;
                var parts = _pool._parts;
                if (work is not null)
                {
                    _pool.RunParts(generation, work, parts, this);
                }
            }
        }

        int WaitForCall(int seen)
        {
            while (true)
            {
                var start = Stopwatch.GetTimestamp();
                do
                {
                    var generation = (int)(Volatile.Read(ref _pool._state) >> 32);
                    if (generation != seen)
                    {
                        return generation;
                    }

                    Thread.SpinWait(20);
                }
                while (Stopwatch.GetTimestamp() - start < SpinTicks);

                Interlocked.Exchange(ref _sleeping, 1);
                if ((int)(Volatile.Read(ref _pool._state) >> 32) != seen)
                {
                    // A call came in while we were going to sleep; if its Wake already took our flag, a Release is on
                    // its way and must be consumed now, or the next sleep would return at once for nothing.
                    if (Interlocked.Exchange(ref _sleeping, 0) == 0)
                    {
                        _wake.Wait();
                    }

                    continue;
                }

                _wake.Wait();
            }
        }
    }
}
