using BigDL.Orleans.GrainDirectory;
using BigDL.Orleans.Membership;
using BigDL.Orleans.Runtime;
using BigDL.Orleans.Serialization;
using BigDL.Orleans.Transport;
using Microsoft.Extensions.Logging;

namespace BigDL.Orleans.Cluster;

/// <summary>
/// Directory recovery: a silo that takes over part of the ring (another silo died or left, or this one joined) asks
/// every other silo which activations they hold there before it answers for those grains, so it never places a second
/// activation of a grain whose holder has not re-registered it yet.
/// </summary>
/// <remarks>
/// Silos see a membership change up to a table refresh apart (longer when loaded), and a holder re-registers its
/// activations with their new directory owner only once it sees the change. Until then the new owner has no entry for
/// them: answering a lookup from its empty partition would place the grain again, and two activations of one grain
/// would run (an experiment probing a running trial then met a fresh one that answered 'not running'). So lookups,
/// registrations and unregistrations of a grain in a taken-over range wait until every silo has answered (or failed to
/// within the directory's call timeout); and a silo answers directory calls only for grains it owns in its own view,
/// handing the others once to their owner in that view, so a silo that has not seen a change yet does not answer for
/// the silo that took over. When that owner cannot answer (it died or left, or sees another owner), the silo re-reads
/// the membership table at once and answers if the entry is its own after all, else the caller gets
/// <see cref="SiloUnavailableException"/> and retries.
/// </remarks>
internal sealed partial class ClusterRouter
{
    readonly Lock recoveriesGate = new();
    readonly List<DirectoryRecovery> recoveries = [];
    /// <summary>How long a membership read made for a directory call serves later ones (milliseconds).</summary>
    const long MinimumRefreshInterval = 250;

    readonly Lock refreshGate = new();
    Task? refreshing;
    long refreshedAt;

    /// <summary>Gets or sets how this silo re-reads the membership table at once (the membership agent's refresh), when a directory call shows its view may be stale.</summary>
    public Func<Task>? RefreshMembership { get; set; }

    /// <summary>Completes once no range this silo is still recovering holds <paramref name="grainId"/>: at once, but for a moment after a membership change.</summary>
    Task WhenRecovered(GrainId grainId)
    {
        List<Task>? pending = null;
        lock (recoveriesGate)
        {
            foreach (var recovery in recoveries)
            {
                if (recovery.Covers(grainId))
                {
                    (pending ??= []).Add(recovery.Done.Task);
                }
            }
        }

        return pending is null ? Task.CompletedTask : Task.WhenAll(pending);
    }

    /// <summary>
    /// Registers the recovery of the ranges this silo owns in <paramref name="after"/> and did not own in
    /// <paramref name="before"/>, entering this silo's own activations there at once; null when there is nothing to ask.
    /// </summary>
    DirectoryRecovery? BeginRecovery(ConsistentRing before, ConsistentRing after)
    {
        // Ranges move to a silo only from silos that left the ring, or to a silo that just joined (its ring was itself alone).
        var joined = before.Silos.Count == 1 && before.Silos[0] == Self && after.Silos.Count > 1;
        if (!joined && !before.Silos.Except(after.Silos).Any())
        {
            return null;
        }

        var recovery = new DirectoryRecovery(joined ? new ConsistentRing(after.Silos.Where(s => s != Self)) : before, after, Self);
        partition.Merge(HeldIn(after, Self).Select(ToAddress).Where(a => recovery.Covers(a.GrainId)));
        if (after.Silos.All(s => s == Self))
        {
            return null;
        }

        lock (recoveriesGate)
        {
            recoveries.Add(recovery);
        }

        return recovery;
    }

    /// <summary>Asks every other silo of the recovery's ring what it holds in the taken-over ranges, enters it, and lets the waiting directory calls go on.</summary>
    async Task RecoverAsync(DirectoryRecovery recovery)
    {
        try
        {
            var others = recovery.After.Silos.Where(s => s != Self).ToList();
            var ring = recovery.After.Silos.Select(s => s.ToString()).ToArray();
            var answers = await Task.WhenAll(others.Select(silo => AskHeldAsync(silo, ring)));
            var recovered = answers.SelectMany(a => a).Select(ToAddress).Where(a => recovery.Covers(a.GrainId)).ToList();
            partition.Merge(recovered);
            LogRecovered(recovered.Count, others.Count);
        }
        finally
        {
            lock (recoveriesGate)
            {
                recoveries.Remove(recovery);
            }

            recovery.Done.TrySetResult();
        }
    }

    /// <summary>Asks <paramref name="silo"/> which activations and clients it holds whose entries <paramref name="ring"/> gives this silo; none when it does not answer in time.</summary>
    async Task<DirectoryMessage[]> AskHeldAsync(SiloAddress silo, string[] ring)
    {
        using var timeout = new CancellationTokenSource(DirectoryCallTimeout);
        var body = runtime.Serializer.SerializeToArray(ring);
        try
        {
            var response = await center.SendRequestAsync(silo, id => new Message
            {
                Kind = MessageKind.SystemRequest, CorrelationId = id, Interface = SystemCalls.Directory, Method = SystemCalls.Held,
                TargetSilo = silo.ToString(), SenderSilo = self, Body = body,
            }, timeout.Token);
            if (response.Status == ResponseStatus.Ok)
            {
                return runtime.Serializer.Deserialize<DirectoryMessage[]>(response.Body.Span);
            }

            LogRecoveryAskFailed(silo, response.RejectionReason);
        }
        catch (Exception e) when (e is SiloUnavailableException or OperationCanceledException or GrainSerializationException)
        {
            // A silo that cannot answer is dying or cut off: what it holds is going away with it.
            LogRecoveryAskFailed(silo, e.Message);
        }

        return [];
    }

    /// <summary>Answers a recovering silo: the activations and gateway clients here whose entries its ring gives it.</summary>
    DirectoryMessage[] Held(string[] ring, string requester) =>
        [.. HeldIn(new ConsistentRing(ring.Select(SiloAddress.Parse)), SiloAddress.Parse(requester))];

    /// <summary>The activations (not stateless workers) and connected clients of this silo whose entries <paramref name="owner"/> owns in <paramref name="ring"/>.</summary>
    IEnumerable<DirectoryMessage> HeldIn(ConsistentRing ring, SiloAddress owner)
    {
        var activations = runtime.Catalog.Snapshot()
            .Where(a => a.ClassInfo is { StatelessWorkerMax: null } && ring.Owner(a.GrainId) == owner)
            .Select(a => new DirectoryMessage(a.GrainId, self, a.ActivationId));
        var clients = center.ConnectedClients
            .Select(ObserverRegistry.ClientGrainId)
            .Where(id => ring.Owner(id) == owner)
            .Select(id => new DirectoryMessage(id, self, Guid.Empty));
        return activations.Concat(clients);
    }

    /// <summary>Answers a directory call from another silo: for a grain this silo owns, once its range is recovered; else by its owner in this silo's view (once).</summary>
    async Task AnswerDirectoryAsync(Message message, Connection connection)
    {
        try
        {
            var request = Read(message);
            var forwarded = SystemCalls.IsForwarded(message.Method);
            var operation = SystemCalls.Unforwarded(message.Method);
            if (operation == SystemCalls.FreshLookup)
            {
                await RefreshViewAsync();
            }
            if (ring.Owner(request.GrainId) is var owner && owner != Self)
            {
                // The caller's view of the ring differs from this silo's (one of them has not seen a membership change).
                // This silo must not answer for the owner it sees: that owner answers, once it has recovered the range.
                if (!forwarded && await TryForwardAsync(owner, operation, request) is { } answered)
                {
                    connection.TrySend(message.CreateResponse(ResponseStatus.Ok, runtime.Serializer.SerializeToArray(answered)));
                    return;
                }

                // That owner is gone or sees another one: this silo's view may be the stale one. Read the table now
                // rather than at the next refresh, and answer if the entry is this silo's after all.
                await RefreshViewAsync();
                if (ring.Owner(request.GrainId) != Self)
                {
                    throw new SiloUnavailableException($"Silo {self} does not own the directory entry of {request.GrainId} in its view of the cluster either.");
                }
            }

            await WhenRecovered(request.GrainId);
            var answer = operation switch
            {
                SystemCalls.Lookup or SystemCalls.FreshLookup => Lookup(request),
                SystemCalls.Register => RegisterLocal(request),
                _ => Unregister(request),
            };
            connection.TrySend(message.CreateResponse(ResponseStatus.Ok, runtime.Serializer.SerializeToArray(answer)));
        }
        catch (SiloUnavailableException e)
        {
            LogSystemRequestFailed(message.Method, connection.Peer.Identity, e.Message);
            connection.TrySend(message.CreateResponse(ResponseStatus.Unavailable, ReadOnlyMemory<byte>.Empty));
        }
        catch (Exception e) when (e is MessageRejectedException or GrainSerializationException or FormatException or GrainInterfaceException or InvalidOperationException)
        {
            LogSystemRequestFailed(message.Method, connection.Peer.Identity, e.Message);
            connection.TrySend(message.CreateRejection(e.Message));
        }
    }

    /// <summary>Hands a directory call on to the owner in this silo's view; null when that owner cannot answer for it.</summary>
    async Task<DirectoryMessage?> TryForwardAsync(SiloAddress owner, string operation, DirectoryMessage request)
    {
        try
        {
            return await CallDirectoryAsync(owner, SystemCalls.Forwarded(operation), request);
        }
        catch (SiloUnavailableException)
        {
            return null;
        }
    }

    /// <summary>Re-reads the membership table (one read for every caller waiting at once); a failed read leaves the view as it was.</summary>
    async Task RefreshViewAsync()
    {
        if (RefreshMembership is not { } refresh)
        {
            return;
        }

        Task reading;
        lock (refreshGate)
        {
            // A read that is under way, or finished a moment ago, serves: a dying silo's callers must not hammer the table.
            reading = refreshing is { } last && (!last.IsCompleted || Environment.TickCount64 - refreshedAt < MinimumRefreshInterval)
                ? last
                : refreshing = ReadTableAsync(refresh);
        }

        try
        {
            await reading;
        }
        catch (Exception e)
        {
            LogRefreshFailed(e.Message);
        }
    }

    async Task ReadTableAsync(Func<Task> refresh)
    {
        try
        {
            await Task.Run(refresh);
        }
        finally
        {
            Interlocked.Exchange(ref refreshedAt, Environment.TickCount64);
        }
    }

    /// <summary>A range taken over: the grains owned in <see cref="After"/> by <see cref="Self"/> and not in <see cref="Before"/>.</summary>
    sealed record DirectoryRecovery(ConsistentRing Before, ConsistentRing After, SiloAddress Self)
    {
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool Covers(GrainId grainId) => After.Owner(grainId) == Self && Before.Owner(grainId) != Self;
    }

    [LoggerMessage(5, LogLevel.Information, "Recovered {Entries} directory entries of the ranges this silo took over from {Silos} other silos")]
    partial void LogRecovered(int entries, int silos);

    [LoggerMessage(6, LogLevel.Warning, "Silo {Silo} did not say which activations it holds in the ranges this silo took over: {Reason}")]
    partial void LogRecoveryAskFailed(SiloAddress silo, string reason);

    [LoggerMessage(7, LogLevel.Warning, "Re-reading the membership table for a directory call failed: {Reason}")]
    partial void LogRefreshFailed(string reason);
}
