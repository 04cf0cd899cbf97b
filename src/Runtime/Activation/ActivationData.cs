using Microsoft.Extensions.Logging;

namespace BigDL.Orleans.Runtime;

/// <summary>One activation of a grain: its instance, its work queues and its turn-based scheduler.</summary>
/// <remarks>
/// The activation is the <see cref="SynchronizationContext"/> of its own turns: while grain code runs, awaits capture it and
/// post their continuations back here, and a single worker at a time drains the queue on the thread pool. That is what
/// makes a grain single-threaded without locks, and it costs no Task per turn.
/// </remarks>
internal sealed partial class ActivationData : SynchronizationContext, IThreadPoolWorkItem
{
    /// <summary>How many queued items one worker runs before yielding the thread to other activations.</summary>
    const int MaxItemsPerDispatch = 128;

    static readonly SendOrPostCallback startWork = static state => StartWork((IActivationWork)state!);

    [ThreadStatic]
    static ActivationData? constructing;

    readonly Lock gate = new();
    readonly Queue<(SendOrPostCallback Callback, object? State)> ready = new();
    readonly Queue<IActivationWork> waiting = new();
    readonly List<IActivationWork> running = new(1);
    bool workerScheduled;
    ActivationState state;
    long lastActiveTicks = Environment.TickCount64;
    long keepAliveUntilTicks;
    DeactivationReason? pendingDeactivation;

    public ActivationData(GrainId grainId, GrainClassInfo? classInfo, GrainRuntime runtime)
    {
        GrainId = grainId;
        ClassInfo = classInfo;
        Runtime = runtime;
    }

    /// <summary>Gets the activation whose grain constructor is running on this thread; <see cref="Grain"/>'s constructor binds to it.</summary>
    public static ActivationData? Constructing => constructing;

    public GrainId GrainId { get; }

    /// <summary>Gets the grain class, or null for an observer.</summary>
    public GrainClassInfo? ClassInfo { get; }

    public GrainRuntime Runtime { get; }

    public object? GrainInstance { get; private set; }

    /// <summary>Gets whether requests may interleave on this activation.</summary>
    bool Reentrant => ClassInfo?.Reentrant ?? false;

    /// <summary>Gets how many requests are queued or running; stateless worker placement reads it.</summary>
    public int Load
    {
        get
        {
            lock (gate)
            {
                return running.Count + waiting.Count;
            }
        }
    }

    /// <summary>Gets whether the activation can take requests (it may still be activating).</summary>
    public bool IsUsable
    {
        get
        {
            lock (gate)
            {
                return state is ActivationState.Created or ActivationState.Activating or ActivationState.Valid && pendingDeactivation is null;
            }
        }
    }

    /// <summary>
    /// Queues <paramref name="work"/>; returns false when this activation is gone and the caller must find or create another.
    /// </summary>
    /// <exception cref="DeadlockException">The work would wait on this activation while this activation waits on the work.</exception>
    public bool Enqueue(IActivationWork work)
    {
        lock (gate)
        {
            switch (state)
            {
                case ActivationState.Invalid:
                    return false;
                case ActivationState.Created:
                    state = ActivationState.Activating;
                    waiting.Enqueue(work);
                    PostLocked(static s => _ = ((ActivationData)s!).ActivateAsync(), this);
                    return true;
            }

            if (CanStart(work))
            {
                running.Add(work);
                PostLocked(startWork, work);
                return true;
            }

            if (work.Chain is { } chain && chain.Contains(this))
            {
                throw new DeadlockException(chain.CycleTo(this));
            }

            waiting.Enqueue(work);
            return true;
        }
    }

    /// <summary>Reports that a started work item finished; starts waiting work the turn rules now allow.</summary>
    public void OnWorkCompleted(IActivationWork work)
    {
        lock (gate)
        {
            running.Remove(work);
            if (work.KeepsAlive)
            {
                lastActiveTicks = Environment.TickCount64;
            }

            StartWaitingLocked();
            if (running.Count == 0 && pendingDeactivation is { } reason && state == ActivationState.Valid)
            {
                BeginDeactivationLocked();
            }
        }
    }

    /// <inheritdoc />
    public override void Post(SendOrPostCallback d, object? state)
    {
        lock (gate)
        {
            PostLocked(d, state);
        }
    }

    /// <inheritdoc />
    public override void Send(SendOrPostCallback d, object? state) =>
        throw new NotSupportedException("A grain's scheduler does not run work synchronously; await the call instead of blocking on it.");

    /// <inheritdoc />
    public override SynchronizationContext CreateCopy() => this;

    /// <summary>Times out callers whose deadline passed; queued work whose caller gave up is dropped.</summary>
    public void CheckTimeouts(long nowMilliseconds)
    {
        lock (gate)
        {
            foreach (var work in running)
            {
                work.CheckTimeout(nowMilliseconds);
            }

            var timedOut = false;
            foreach (var work in waiting)
            {
                timedOut |= work.CheckTimeout(nowMilliseconds);
            }

            if (timedOut)
            {
                var keep = waiting.Where(w => !w.IsAbandoned).ToList();
                waiting.Clear();
                keep.ForEach(waiting.Enqueue);
            }
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"[Activation {GrainId} {ClassInfo?.ClassType.Name ?? "observer"}]";

    void IThreadPoolWorkItem.Execute()
    {
        var previous = Current;
        SetSynchronizationContext(this);
        try
        {
            for (var i = 0; i < MaxItemsPerDispatch; i++)
            {
                (SendOrPostCallback Callback, object? State) item;
                lock (gate)
                {
                    if (!ready.TryDequeue(out item))
                    {
                        workerScheduled = false;
                        return;
                    }
                }

                try
                {
                    item.Callback(item.State);
                }
                catch (Exception e)
                {
                    // Only 'async void' code in a grain can throw here; everything else completes a Task.
                    Runtime.Log.UnhandledTurnException(e, GrainId);
                }
            }

            // The queue is still non-empty: give other activations the thread and come back.
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
        finally
        {
            SetSynchronizationContext(previous);
        }
    }

    // As in Orleans, only a non-interleaving turn blocks the grain: work may start beside running work that all
    // interleaves ([AlwaysInterleave] calls, interleaving timer ticks), so a long interleaving tick or long poll does not
    // starve the grain's ordinary calls.
    bool CanStart(IActivationWork work) =>
        state == ActivationState.Valid && pendingDeactivation is null
        && (running.Count == 0 || Reentrant || work.Interleaves || running.TrueForAll(static r => r.Interleaves));

    void StartWaitingLocked()
    {
        while (waiting.TryPeek(out var next))
        {
            if (next.IsAbandoned)
            {
                waiting.Dequeue();
                continue;
            }

            if (!CanStart(next))
            {
                return;
            }

            waiting.Dequeue();
            running.Add(next);
            PostLocked(startWork, next);
        }
    }

    void PostLocked(SendOrPostCallback callback, object? callbackState)
    {
        ready.Enqueue((callback, callbackState));
        if (!workerScheduled)
        {
            // Local (LIFO) queueing keeps a call chain on one core, as .NET does for async continuations: about 1.5x the
            // throughput of the global FIFO queue here, at the price of less even service across many callers (BENCHMARKS.md).
            workerScheduled = true;
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: true);
        }
    }

    static void StartWork(IActivationWork work)
    {
        // Started from the ready queue, so this runs on the activation's worker with the activation as sync context.
        var activation = (ActivationData)Current!;
        if (work.IsAbandoned)
        {
            activation.OnWorkCompleted(work);
            return;
        }

        work.Start(activation);
    }

    enum ActivationState
    {
        /// <summary>Created by the catalog; activation starts with the first request.</summary>
        Created,

        /// <summary>Constructing the grain, loading state, running OnActivateAsync.</summary>
        Activating,

        /// <summary>Serving requests.</summary>
        Valid,

        /// <summary>Running OnDeactivateAsync; new requests wait to be forwarded.</summary>
        Deactivating,

        /// <summary>Gone: requests go to a new activation.</summary>
        Invalid,
    }
}
