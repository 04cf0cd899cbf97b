using System.Collections.Concurrent;
using BigDL.Orleans.GrainDirectory;
using BigDL.Orleans.Membership;
using BigDL.Orleans.Placement;
using BigDL.Orleans.Runtime;
using BigDL.Orleans.Transport;
using Microsoft.Extensions.Logging;

namespace BigDL.Orleans.Cluster;

/// <summary>A silo's routing in a cluster: finds each grain's one activation through the directory, places new ones, and sends calls to other silos.</summary>
/// <remarks>
/// Each grain's directory entry lives on the silo that owns its hash on the <see cref="ConsistentRing"/>. The owner places
/// a grain on first lookup (with the grain class's placement strategy) and registers it, first writer wins; a silo that
/// creates an activation registers it before running it, and gives up (forwarding its calls) when another silo's
/// activation already holds the entry. Answers are cached per grain; a cached silo that dies or no longer has the
/// activation is dropped from the cache and the call is routed again.
/// </remarks>
internal sealed partial class ClusterRouter : IMessageRouter, IPlacementContext
{
    /// <summary>How often one call may be forwarded between silos before it is refused (stale caches converge in one or two).</summary>
    const int MaxHops = 6;

    readonly GrainRuntime runtime;
    readonly MessageCenter center;
    readonly GrainDirectoryPartition partition = new();
    readonly ConcurrentDictionary<GrainId, SiloAddress> cache = new();
    readonly InboundCancellations cancellations = new();
    readonly ConcurrentDictionary<SiloAddress, int> activationCounts = new();
    readonly ILogger logger;
    readonly string self;
    volatile ConsistentRing ring;
    volatile MembershipSnapshot membership = MembershipSnapshot.Empty;

    public ClusterRouter(GrainRuntime runtime, MessageCenter center, ILogger logger)
    {
        this.runtime = runtime;
        this.center = center;
        this.logger = logger;
        self = center.Self.ToString();
        ring = new ConsistentRing([center.Self]);
        center.RequestHandler = HandleAsync;
        center.ClientChanged = OnClientChanged;
    }

    /// <summary>Gets this silo's address.</summary>
    public SiloAddress Self => center.Self;

    /// <summary>Gets the latest membership view this router acted on.</summary>
    public MembershipSnapshot Membership => membership;

    /// <summary>Gets the current hash ring of active silos.</summary>
    public ConsistentRing Ring => ring;

    SiloAddress IPlacementContext.LocalSilo => Self;

    /// <summary>Gets or sets what runs after each membership change, with this silo's ring ranges (the reminder service).</summary>
    public Func<IReadOnlyList<(uint Begin, uint End)>, Task>? RangesChanged { get; set; }

    public bool TryRoute(IActivationWork work, GrainId target)
    {
        if (target.Type == ObserverRegistry.ObserverGrainType)
        {
            return RouteObserver(work, target);
        }

        if (runtime.Types.Contains(target.Type) && runtime.Types.GetClass(target.Type).StatelessWorkerMax is not null)
        {
            return false; // stateless workers are local to every silo
        }

        if (cache.TryGetValue(target, out var cached))
        {
            if (cached == Self)
            {
                return false;
            }

            Send(work, target, cached);
            return true;
        }

        var owner = ring.Owner(target);
        if (owner == Self)
        {
            if (WhenRecovered(target) is { IsCompleted: false } recovering)
            {
                (work as IRemoteRequest)?.Isolate(); // routed once the range is recovered; the caller goes on meanwhile
                _ = RouteWhenRecoveredAsync(work, target, recovering);
                return true;
            }

            var where = SiloAddress.Parse(LookupLocal(target, Self).Silo);
            cache[target] = where;
            if (where == Self)
            {
                return false;
            }

            Send(work, target, where);
            return true;
        }

        (work as IRemoteRequest)?.Isolate(); // the lookup awaits, and the caller goes on meanwhile
        _ = LookupThenRouteAsync(work, target, owner);
        return true;
    }

    /// <summary>Sends <paramref name="work"/> to <paramref name="silo"/>, where the grain's activation is.</summary>
    void Send(IActivationWork work, GrainId target, SiloAddress silo)
    {
        if (work is not IRemoteRequest request)
        {
            work.Reject(new InvalidOperationException($"Only grain calls can go to another silo; {target} is on {silo}."));
            return;
        }

        if (request.IsAbandoned)
        {
            return;
        }

        if (++request.Hops > MaxHops)
        {
            request.Reject(new MessageRejectedException($"The call to {target} was forwarded {MaxHops} times without reaching its activation; the cluster's directory is unsettled, retry."));
            return;
        }

        _ = SendAsync(request, target, silo);
    }

    async Task SendAsync(IRemoteRequest request, GrainId target, SiloAddress silo)
    {
        try
        {
            var response = await RemoteCalls.SendAsync(
                request, target, silo.ToString(), self, runtime,
                (build, token) => build.OneWay ? SendOneWay(silo, build.Create(0), token) : SendRequest(silo, build, token),
                cancel => _ = SendCancelAsync(silo, cancel));
            if (response is null)
            {
                return; // one-way
            }

            if (response.Status == ResponseStatus.Unavailable)
            {
                // The silo is stopping or no longer has the activation: forget it and route again.
                cache.TryRemove(KeyValuePair.Create(target, silo));
                runtime.Dispatch(request, target);
                return;
            }

            request.OnResponse(response, runtime.Serializer);
        }
        catch (SiloUnavailableException e)
        {
            cache.TryRemove(KeyValuePair.Create(target, silo));
            request.Reject(e);
        }
        catch (Exception e)
        {
            request.Reject(e);
        }
    }

    async Task SendCancelAsync(SiloAddress silo, Message cancel)
    {
        try
        {
            await center.SendOneWayAsync(silo, cancel, CancellationToken.None);
        }
        catch (SiloUnavailableException)
        {
            // The silo is gone, and the call with it.
        }
    }

    async Task<Message?> SendRequest(SiloAddress silo, OutgoingCall call, CancellationToken token) =>
        await center.SendRequestAsync(silo, call.Create, token);

    async Task<Message?> SendOneWay(SiloAddress silo, Message message, CancellationToken token)
    {
        await center.SendOneWayAsync(silo, message, token);
        return null;
    }

    async Task RouteWhenRecoveredAsync(IActivationWork work, GrainId target, Task recovering)
    {
        await recovering;
        runtime.Dispatch(work, target); // routed afresh: the ring may have changed meanwhile
    }

    async Task LookupThenRouteAsync(IActivationWork work, GrainId target, SiloAddress owner)
    {
        try
        {
            var answer = await CallDirectoryAsync(owner, SystemCalls.Lookup, new DirectoryMessage(target, self, Guid.Empty));
            var where = SiloAddress.Parse(answer.Silo);
            if (where != Self && IsDead(where))
            {
                // The owner found or placed the grain on a silo this silo knows is dead: the owner has not seen that yet.
                // Ask again, having it re-read the membership table first.
                answer = await CallDirectoryAsync(owner, SystemCalls.FreshLookup, new DirectoryMessage(target, self, Guid.Empty));
                where = SiloAddress.Parse(answer.Silo);
            }

            cache[target] = where;
            if (where == Self)
            {
                runtime.DispatchLocal(work, target);
            }
            else
            {
                Send(work, target, where);
            }
        }
        catch (Exception e)
        {
            work.Reject(e);
        }
    }

    bool RouteObserver(IActivationWork work, GrainId target)
    {
        var home = ObserverRegistry.HomeOf(target);
        if (home is null || home == self)
        {
            return false;
        }

        if (center.TryGetClient(home, out var client))
        {
            _ = SendToClientAsync(work, target, home, client);
            return true;
        }

        if (SiloAddress.TryParse(home, out var silo))
        {
            Send(work, target, silo);
            return true;
        }

        // A client's observer: the client's gateway is in the directory under the client's id.
        (work as IRemoteRequest)?.Isolate(); // the lookup awaits, and the caller goes on meanwhile
        _ = RouteToClientGatewayAsync(work, target, home);
        return true;
    }

    async Task RouteToClientGatewayAsync(IActivationWork work, GrainId target, string clientId)
    {
        try
        {
            var clientGrain = ObserverRegistry.ClientGrainId(clientId);
            var owner = ring.Owner(clientGrain);
            if (owner == Self)
            {
                await WhenRecovered(clientGrain);
            }

            var entry = owner == Self
                ? partition.Lookup(clientGrain) is { } local ? ToMessage(local) : null
                : await CallDirectoryAsync(owner, SystemCalls.Lookup, new DirectoryMessage(clientGrain, "", Guid.Empty));
            if (entry is null || string.IsNullOrEmpty(entry.Silo))
            {
                throw new InvalidOperationException($"Observer {target} is unreachable: its client {clientId} is not connected to the cluster. Drop the subscription.");
            }

            Send(work, target, SiloAddress.Parse(entry.Silo));
        }
        catch (Exception e)
        {
            work.Reject(e);
        }
    }

    async Task SendToClientAsync(IActivationWork work, GrainId target, string clientId, Connection client)
    {
        if (work is not IRemoteRequest request)
        {
            work.Reject(new InvalidOperationException($"Only grain calls can go to client {clientId}."));
            return;
        }

        try
        {
            var response = await RemoteCalls.SendAsync(request, target, clientId, self, runtime, (build, token) =>
            {
                if (build.OneWay)
                {
                    return client.TrySend(build.Create(0))
                        ? Task.FromResult<Message?>(null)
                        : throw new SiloUnavailableException($"The connection to client {clientId} closed.");
                }

                return SendToClient(client, clientId, build, token);
            });
            if (response is not null)
            {
                request.OnResponse(response, runtime.Serializer);
            }
        }
        catch (Exception e)
        {
            request.Reject(e);
        }
    }

    async Task<Message?> SendToClient(Connection client, string clientId, OutgoingCall call, CancellationToken token) =>
        await center.SendRequestAsync(client, $"client {clientId}", call.Create, token);

    [LoggerMessage(1, LogLevel.Information, "Silo {Silo} is dead; dropped {Entries} directory entries and {Cached} cached locations on it")]
    partial void LogSiloDead(SiloAddress silo, int entries, int cached);

    [LoggerMessage(2, LogLevel.Information, "Ring changed: {Count} active silos; re-registering {Activations} activations whose directory owner moved")]
    partial void LogRingChanged(int count, int activations);

    [LoggerMessage(3, LogLevel.Warning, "Re-registering {GrainId} failed: {Reason}")]
    partial void LogReRegisterFailed(GrainId grainId, string reason);

    [LoggerMessage(4, LogLevel.Warning, "A system request {Method} from {Peer} failed: {Reason}")]
    partial void LogSystemRequestFailed(string method, string peer, string reason);
}
