using System.Collections.Concurrent;

namespace BigDL.Orleans.Runtime;

/// <summary>The activations of this silo, one per grain id (several for stateless workers), created on demand.</summary>
internal sealed class Catalog
{
    readonly ConcurrentDictionary<GrainId, ActivationData> activations = new();
    readonly ConcurrentDictionary<GrainId, StatelessWorkerPool> workers = new();
    volatile string? closedReason;

    /// <summary>Gets the number of activations, stateless workers and observers included.</summary>
    public int Count => activations.Count + workers.Values.Sum(p => p.Count);

    /// <summary>Gets a snapshot of all activations.</summary>
    public IReadOnlyList<ActivationData> Snapshot() => [.. activations.Values, .. workers.Values.SelectMany(p => p.Snapshot())];

    /// <summary>Gets whether new activations are refused (the silo is stopping).</summary>
    public bool IsClosed => closedReason is not null;

    /// <summary>Refuses new activations from now on; existing ones keep taking calls until they deactivate.</summary>
    /// <remarks>
    /// A stopping silo deactivates the activations it has; one created meanwhile (a deactivating grain calling a grain
    /// that is not here, a timer's call) would be left running after the silo stopped, writing to storage it no longer owns.
    /// </remarks>
    public void Close(string reason) => closedReason = reason;

    /// <summary>Returns whether <paramref name="grainId"/> has an activation (or stateless workers) here.</summary>
    public bool Contains(GrainId grainId) => activations.ContainsKey(grainId) || workers.ContainsKey(grainId);

    /// <summary>Returns the activation that should take a call to <paramref name="grainId"/>, creating it if needed; null for a deleted observer.</summary>
    public ActivationData? GetOrCreate(GrainId grainId, GrainRuntime runtime)
    {
        if (activations.TryGetValue(grainId, out var existing))
        {
            return existing;
        }

        if (grainId.Type == ObserverRegistry.ObserverGrainType)
        {
            return null;
        }

        var info = runtime.Types.GetClass(grainId.Type);
        if (info.StatelessWorkerMax is { } max)
        {
            return workers.GetOrAdd(grainId, static id => new StatelessWorkerPool()).Pick(grainId, info, max, runtime, this);
        }

        ThrowIfClosed(grainId);

        // GetOrAdd may build a losing ActivationData under a race; it is never enqueued to, so it never activates.
        return activations.GetOrAdd(grainId, static (id, state) => new ActivationData(id, state.info, state.runtime), (info, runtime));
    }

    void ThrowIfClosed(GrainId grainId)
    {
        if (closedReason is { } reason)
        {
            throw new SiloUnavailableException($"{grainId} cannot be activated here: {reason}");
        }
    }

    /// <summary>Registers an observer's activation.</summary>
    public void AddObserver(ActivationData observer) => activations[observer.GrainId] = observer;

    /// <summary>Removes an activation that deactivated or failed to activate.</summary>
    public void Remove(ActivationData activation)
    {
        if (activation.ClassInfo?.StatelessWorkerMax is not null)
        {
            if (workers.TryGetValue(activation.GrainId, out var pool))
            {
                pool.Remove(activation);
            }

            return;
        }

        activations.TryRemove(new KeyValuePair<GrainId, ActivationData>(activation.GrainId, activation));
    }

    /// <summary>The local activations of one stateless worker grain id.</summary>
    sealed class StatelessWorkerPool
    {
        readonly Lock gate = new();
        readonly List<ActivationData> members = [];

        public int Count
        {
            get
            {
                lock (gate)
                {
                    return members.Count;
                }
            }
        }

        public IReadOnlyList<ActivationData> Snapshot()
        {
            lock (gate)
            {
                return [.. members];
            }
        }

        /// <summary>An idle member if there is one; else a new one while under the limit; else the least loaded.</summary>
        public ActivationData Pick(GrainId grainId, GrainClassInfo info, int max, GrainRuntime runtime, Catalog catalog)
        {
            lock (gate)
            {
                ActivationData? best = null;
                var bestLoad = int.MaxValue;
                foreach (var member in members)
                {
                    if (!member.IsUsable)
                    {
                        continue;
                    }

                    var load = member.Load;
                    if (load == 0)
                    {
                        return member;
                    }

                    if (load < bestLoad)
                    {
                        (best, bestLoad) = (member, load);
                    }
                }

                if (best is null || (members.Count < max && !catalog.IsClosed))
                {
                    catalog.ThrowIfClosed(grainId);
                    best = new ActivationData(grainId, info, runtime);
                    members.Add(best);
                }

                return best;
            }
        }

        public void Remove(ActivationData activation)
        {
            lock (gate)
            {
                members.Remove(activation);
            }
        }
    }
}
