using BigDL.Orleans.Storage;

namespace BigDL.Orleans.Runtime;

/// <summary>Activation and deactivation of an <see cref="ActivationData"/>.</summary>
internal sealed partial class ActivationData
{
    readonly List<IPersistentStateLoader> persistentStates = [];
    readonly TaskCompletionSource deactivated = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Gets the id that tells this activation from earlier and later ones of the same grain, in the grain directory.</summary>
    public Guid ActivationId { get; } = Guid.NewGuid();

    /// <summary>Gets a task that completes when the activation is gone.</summary>
    public Task Deactivated => deactivated.Task;

    /// <summary>Makes an activation for a client object that grains call back (an observer): valid at once, never collected.</summary>
    public static ActivationData ForObserver(GrainId id, object observer, GrainRuntime runtime)
    {
        var activation = new ActivationData(id, classInfo: null, runtime) { GrainInstance = observer };
        activation.state = ActivationState.Valid;
        return activation;
    }

    /// <summary>Called by <c>PersistentState</c> constructors while the grain is being constructed, so state loads before activation.</summary>
    public void AddPersistentState(IPersistentStateLoader loader) => persistentStates.Add(loader);

    /// <summary>Deactivates once no request is running; requests that arrive meanwhile go to the next activation.</summary>
    public void RequestDeactivation(DeactivationReason reason)
    {
        lock (gate)
        {
            if (state is ActivationState.Deactivating or ActivationState.Invalid || pendingDeactivation is not null)
            {
                return;
            }

            pendingDeactivation = reason;
            if (state == ActivationState.Created)
            {
                state = ActivationState.Invalid;
                deactivated.TrySetResult();
            }
            else if (state == ActivationState.Valid && running.Count == 0)
            {
                BeginDeactivationLocked();
            }
        }

        // Cancel timer ticks now rather than when deactivation starts: deactivation waits for running work, and a tick
        // that runs until its token fires would otherwise hold it (and silo shutdown) until the deactivation timeout.
        DisposeTimers();
        if (Deactivated.IsCompleted)
        {
            Runtime.Catalog.Remove(this);
        }
    }

    /// <summary>Keeps the activation from idle collection for at least <paramref name="timeSpan"/>.</summary>
    public void DelayDeactivation(TimeSpan timeSpan)
    {
        lock (gate)
        {
            keepAliveUntilTicks = Math.Max(keepAliveUntilTicks, Environment.TickCount64 + (long)timeSpan.TotalMilliseconds);
        }
    }

    /// <summary>Starts deactivation when the activation has been idle for <paramref name="ageMilliseconds"/>; returns whether it did.</summary>
    public bool CollectIfIdle(long nowMilliseconds, long ageMilliseconds)
    {
        lock (gate)
        {
            if (state != ActivationState.Valid || ClassInfo is null || pendingDeactivation is not null
                || running.Count > 0 || waiting.Count > 0 || ready.Count > 0
                || nowMilliseconds - lastActiveTicks < ageMilliseconds || nowMilliseconds < keepAliveUntilTicks)
            {
                return false;
            }

            var reason = new DeactivationReason(DeactivationReasonCode.ActivationIdle, $"Idle for more than {TimeSpan.FromMilliseconds(ageMilliseconds)}.");
            pendingDeactivation = reason;
            BeginDeactivationLocked();
            return true;
        }
    }

    /// <summary>Starts deactivating; the reason is the one in pendingDeactivation, which DeactivateAsync reads.</summary>
    void BeginDeactivationLocked()
    {
        state = ActivationState.Deactivating;
        PostLocked(static s => _ = ((ActivationData)s!).DeactivateAsync(), this);
    }

    async Task ActivateAsync()
    {
        var turn = new SystemTurn(this);
        RequestContext.Current = turn;
        try
        {
            if (Runtime.Router is { } router && ClassInfo!.StatelessWorkerMax is null
                && await router.RegisterActivationAsync(GrainId, ActivationId) is { } elsewhere)
            {
                ForwardToWinner(elsewhere);
                return;
            }

            using var timeout = new CancellationTokenSource(Runtime.ActivationTimeout);
            constructing = this;
            try
            {
                GrainInstance = ClassInfo!.Create(this); // only grain activations go through ActivateAsync; observers start valid
            }
            finally
            {
                constructing = null;
            }

            foreach (var persistentState in persistentStates)
            {
                await persistentState.ReadStateAsync();
            }

            if (GrainInstance is Grain grain)
            {
                await grain.OnActivateAsync(timeout.Token);
            }

            lock (gate)
            {
                state = ActivationState.Valid;
                lastActiveTicks = Environment.TickCount64;
                StartWaitingLocked();
                if (running.Count == 0 && pendingDeactivation is { } reason)
                {
                    BeginDeactivationLocked();
                }
            }

            Runtime.Log.Activated(GrainId);
        }
        catch (Exception e)
        {
            Runtime.Log.ActivationFailed(e, GrainId);
            DisposeTimers();
            foreach (var work in Retire(unregister: true))
            {
                work.Reject(e);
            }
        }
    }

    /// <summary>Gives up this activation because another silo's activation of the grain registered first, and sends its calls there.</summary>
    void ForwardToWinner(string winner)
    {
        var forward = Retire(unregister: false); // the directory entry is the winner's
        Runtime.Log.DuplicateActivation(GrainId, winner);
        foreach (var work in forward)
        {
            Runtime.Forward(work, GrainId);
        }
    }

    /// <summary>Marks the activation gone, takes it out of the catalog (and the directory), and returns the calls still waiting.</summary>
    List<IActivationWork> Retire(bool unregister)
    {
        List<IActivationWork> left;
        lock (gate)
        {
            state = ActivationState.Invalid;
            left = [.. waiting];
            waiting.Clear();
        }

        Runtime.Catalog.Remove(this);
        if (unregister)
        {
            Runtime.Router?.UnregisterActivation(GrainId, ActivationId);
        }

        deactivated.TrySetResult();
        return left;
    }

    async Task DeactivateAsync()
    {
        RequestContext.Current = new SystemTurn(this);
        DeactivationReason reason;
        lock (gate)
        {
            reason = pendingDeactivation ?? new DeactivationReason(DeactivationReasonCode.ApplicationRequested, "");
        }

        DisposeTimers();
        try
        {
            if (GrainInstance is Grain grain)
            {
                using var timeout = new CancellationTokenSource(Runtime.DeactivationTimeout);
                await grain.OnDeactivateAsync(reason, timeout.Token);
            }
        }
        catch (Exception e)
        {
            Runtime.Log.DeactivationFailed(e, GrainId);
        }

        var forward = Retire(unregister: true);
        Runtime.Log.Deactivated(GrainId, reason);
        foreach (var work in forward)
        {
            // Calls that arrived during deactivation go to the next activation of the same grain.
            Runtime.Forward(work, GrainId);
        }
    }

    /// <summary>The context of a turn the runtime starts itself (activation, deactivation), so calls made in it carry a chain.</summary>
    sealed class SystemTurn(ActivationData activation) : IActivationWork
    {
        public bool Interleaves => false;

        public CallChain? Chain => null;

        public bool IsAbandoned => false;

        public bool KeepsAlive => false;

        public ActivationData? Activation => activation;

        public CallChain OutgoingChain { get; } = new(activation, null);

        public void Start(ActivationData target) => throw new InvalidOperationException("A system turn is never queued.");

        public void Reject(Exception exception)
        {
        }

        public bool CheckTimeout(long nowMilliseconds) => false;
    }
}

/// <summary>A persistent state that loads before the grain's <c>OnActivateAsync</c>.</summary>
internal interface IPersistentStateLoader
{
    Task ReadStateAsync();
}
