using BigDL.Orleans.GrainDirectory;
using BigDL.Orleans.Membership;
using BigDL.Orleans.Placement;
using BigDL.Orleans.Runtime;
using BigDL.Orleans.Transport;

namespace BigDL.Orleans.Cluster;

/// <summary>The directory half of the router: this silo's partition, calls to other owners, and healing on membership changes.</summary>
internal sealed partial class ClusterRouter
{
    static readonly TimeSpan DirectoryCallTimeout = TimeSpan.FromSeconds(10);

    public async ValueTask<string?> RegisterActivationAsync(GrainId grainId, Guid activationId)
    {
        var owner = ring.Owner(grainId);
        DirectoryMessage winner;
        try
        {
            winner = await RegisterWithAsync(owner, grainId, activationId);
        }
        catch (SiloUnavailableException) when (owner != Self)
        {
            // The owner this silo sees is gone: its view may be the stale one (another silo placed the grain here after
            // seeing the change). Re-read the table, and register with the owner it names then, if that is another.
            await RefreshViewAsync();
            if (ring.Owner(grainId) is var now && now == owner)
            {
                throw;
            }

            winner = await RegisterWithAsync(now, grainId, activationId);
        }

        if (winner.Silo == self)
        {
            cache[grainId] = Self;
            return null;
        }

        cache[grainId] = SiloAddress.Parse(winner.Silo);
        return winner.Silo;
    }

    async Task<DirectoryMessage> RegisterWithAsync(SiloAddress owner, GrainId grainId, Guid activationId)
    {
        if (owner != Self)
        {
            return await CallDirectoryAsync(owner, SystemCalls.Register, new DirectoryMessage(grainId, self, activationId));
        }

        await WhenRecovered(grainId);
        return RegisterLocal(new DirectoryMessage(grainId, self, activationId));
    }

    public void UnregisterActivation(GrainId grainId, Guid activationId)
    {
        cache.TryRemove(KeyValuePair.Create(grainId, Self));
        var address = new DirectoryMessage(grainId, self, activationId);
        var owner = ring.Owner(grainId);
        if (owner == Self)
        {
            // After a recovery of its range, which could otherwise bring the entry back.
            var recovered = WhenRecovered(grainId);
            if (recovered.IsCompleted)
            {
                partition.Unregister(ToAddress(address));
            }
            else
            {
                _ = recovered.ContinueWith(_ => partition.Unregister(ToAddress(address)), TaskScheduler.Default);
            }

            return;
        }

        _ = UnregisterRemoteAsync(owner, address);
    }

    /// <summary>Gets or sets whether this silo is stopping: it places nothing on itself and sends callers elsewhere.</summary>
    public bool Draining { get; set; }

    public IReadOnlyList<SiloAddress> GetCompatibleSilos(string grainType) =>
        Draining && ring.Silos.Count > 1 ? [.. ring.Silos.Where(s => s != Self)] : ring.Silos;

    public int GetActivationCount(SiloAddress silo) => silo == Self ? runtime.Catalog.Count : activationCounts.GetValueOrDefault(silo);

    /// <summary>Records a peer's activation count, for activation-count-based placement.</summary>
    public void SetActivationCount(SiloAddress silo, int count) => activationCounts[silo] = count;

    /// <summary>Answers a lookup for a grain this silo owns the entry of: the registered activation, or a new placement.</summary>
    DirectoryMessage LookupLocal(GrainId grainId, SiloAddress requester)
    {
        if (partition.Lookup(grainId) is { } existing && !IsGone(existing.Silo))
        {
            return ToMessage(existing);
        }

        if (grainId.Type == ObserverRegistry.ClientGrainType)
        {
            return new DirectoryMessage(grainId, "", Guid.Empty); // clients are registered by their gateway, never placed
        }

        var strategy = runtime.Types.GetClass(grainId.Type).Placement;
        var silo = strategy.Pick(new PlacementTarget(grainId, requester), this);
        return ToMessage(partition.RegisterOrReplace(new ActivationAddress(grainId, silo, Guid.Empty), e => IsGone(e.Silo)));
    }

    /// <summary>Registers an activation (or a client's gateway) unless a live activation on another silo holds the entry.</summary>
    DirectoryMessage RegisterLocal(DirectoryMessage request)
    {
        var address = ToAddress(request);
        var replaceAlways = request.GrainId.Type == ObserverRegistry.ClientGrainType; // a reconnected client moved gateways
        return ToMessage(partition.RegisterOrReplace(address, e => replaceAlways || e.Silo == address.Silo || IsDead(e.Silo)));
    }

    async Task<DirectoryMessage> CallDirectoryAsync(SiloAddress owner, string operation, DirectoryMessage request)
    {
        using var timeout = new CancellationTokenSource(DirectoryCallTimeout);
        var body = runtime.Serializer.SerializeToArray(request);
        Message response;
        try
        {
            response = await center.SendRequestAsync(owner, id => new Message
            {
                Kind = MessageKind.SystemRequest, CorrelationId = id, Interface = SystemCalls.Directory, Method = operation,
                TargetSilo = owner.ToString(), SenderSilo = self, Body = body,
            }, timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new SiloUnavailableException($"The directory on silo {owner} did not answer within {DirectoryCallTimeout}.");
        }

        return response.Status switch
        {
            ResponseStatus.Ok => runtime.Serializer.Deserialize<DirectoryMessage>(response.Body.Span),
            ResponseStatus.Unavailable => throw new SiloUnavailableException(
                $"The directory on silo {owner} cannot answer for {request.GrainId} yet: it does not see the entry's owner as this silo does (a membership change is still reaching the silos); retry."),
            _ => throw new MessageRejectedException($"The directory on silo {owner} refused {operation} of {request.GrainId}: {response.RejectionReason}"),
        };
    }

    async Task UnregisterRemoteAsync(SiloAddress owner, DirectoryMessage address)
    {
        try
        {
            await CallDirectoryAsync(owner, SystemCalls.Unregister, address);
        }
        catch (Exception e) when (e is SiloUnavailableException or MessageRejectedException)
        {
            // The owner is gone, and its partition with it; nothing is left to unregister.
        }
    }

    /// <summary>Acts on a new membership view: drops dead silos, rebuilds the ring, re-registers moved entries, moves reminder ranges.</summary>
    public void OnMembershipChanged(MembershipSnapshot snapshot)
    {
        var previous = membership;
        membership = snapshot;
        foreach (var (silo, entry) in snapshot.Members)
        {
            if (entry.Status == SiloStatus.Dead && previous.StatusOf(silo) != SiloStatus.Dead && silo != Self)
            {
                var entries = partition.RemoveSilo(silo);
                var cached = 0;
                foreach (var (grain, where) in cache)
                {
                    if (where == silo && cache.TryRemove(KeyValuePair.Create(grain, where)))
                    {
                        cached++;
                    }
                }

                activationCounts.TryRemove(silo, out _);
                center.Disconnect(silo); // calls in flight to it fail now, not at their timeout
                LogSiloDead(silo, entries, cached);
            }
        }

        var active = snapshot.ActiveSilos.Contains(Self) ? snapshot.ActiveSilos : [.. snapshot.ActiveSilos, Self];
        var oldRing = ring;
        var newRing = new ConsistentRing(active);
        if (newRing.Silos.SequenceEqual(oldRing.Silos))
        {
            return;
        }

        // Before the new ring is used: no lookup may find a taken-over range without its recovery.
        var recovery = BeginRecovery(oldRing, newRing);
        ring = newRing;
        partition.SplitOff(newRing, Self); // their holders re-register with the new owners below, on every silo
        if (recovery is not null)
        {
            _ = RecoverAsync(recovery);
        }

        var moved = runtime.Catalog.Snapshot()
            .Where(a => a.ClassInfo is { StatelessWorkerMax: null } && oldRing.Owner(a.GrainId) != newRing.Owner(a.GrainId))
            .ToList();
        LogRingChanged(newRing.Silos.Count, moved.Count);
        _ = ReRegisterAsync(moved);
        foreach (var client in center.ConnectedClients)
        {
            _ = RegisterClientAsync(client);
        }

        if (RangesChanged is { } rangesChanged)
        {
            _ = rangesChanged(newRing.RangesOf(Self));
        }
    }

    async Task ReRegisterAsync(IReadOnlyList<ActivationData> activations)
    {
        foreach (var activation in activations)
        {
            try
            {
                if (await RegisterActivationAsync(activation.GrainId, activation.ActivationId) is not null)
                {
                    // Another activation won while the owner moved: keep one, the registered one.
                    activation.RequestDeactivation(new DeactivationReason(DeactivationReasonCode.ApplicationRequested, "Another silo's activation of this grain is the registered one."));
                }
            }
            catch (Exception e) when (e is SiloUnavailableException or MessageRejectedException)
            {
                LogReRegisterFailed(activation.GrainId, e.Message);
            }
        }
    }

    /// <summary>Asks <paramref name="silo"/> for its statistics; null when it does not answer in time.</summary>
    public async Task<Management.SiloStatistics?> TryGetStatisticsAsync(SiloAddress silo)
    {
        using var timeout = new CancellationTokenSource(DirectoryCallTimeout);
        try
        {
            var response = await center.SendRequestAsync(silo, id => new Message
            {
                Kind = MessageKind.SystemRequest, CorrelationId = id, Interface = SystemCalls.Silo, Method = SystemCalls.Statistics,
                TargetSilo = silo.ToString(), SenderSilo = self,
            }, timeout.Token);
            return response.Status == ResponseStatus.Ok ? runtime.Serializer.Deserialize<Management.SiloStatistics>(response.Body.Span) : null;
        }
        catch (Exception e) when (e is SiloUnavailableException or OperationCanceledException or Serialization.GrainSerializationException)
        {
            return null;
        }
    }

    /// <summary>Dead, or this silo while it drains: its activations are leaving, so their entries may be taken over.</summary>
    bool IsGone(SiloAddress silo) => IsDead(silo) || (Draining && silo == Self);

    bool IsDead(SiloAddress silo) => membership.StatusOf(silo) == SiloStatus.Dead;

    static ActivationAddress ToAddress(DirectoryMessage m) => new(m.GrainId, SiloAddress.Parse(m.Silo), m.ActivationId);

    static DirectoryMessage ToMessage(ActivationAddress a) => new(a.GrainId, a.Silo.ToString(), a.ActivationId);
}
