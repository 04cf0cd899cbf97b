using System.Net;
using System.Net.Sockets;
using BigDL.Orleans.Cluster;
using BigDL.Orleans.Hosting;
using BigDL.Orleans.Runtime;
using BigDL.Orleans.Serialization;
using BigDL.Orleans.Transport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BigDL.Orleans.Client;

/// <summary>An external client: grain calls go to a gateway silo over one connection; observer calls come back on it.</summary>
/// <remarks>
/// The client hosts only observers. It learns the cluster's grain classes (the manifest) and the other gateways from
/// its gateway; when the connection drops, calls in flight fail with <see cref="SiloUnavailableException"/> at once and
/// the next call waits while the client connects to another gateway.
/// </remarks>
internal sealed partial class GatewayClient : IClusterClientConnection, IMessageRouter
{
    readonly List<EndPoint> seeds;
    readonly HandshakeCredentials credentials;
    readonly ClientOptions options;
    readonly ILogger logger;
    readonly GrainRuntime runtime;
    readonly ServiceProvider services;
    readonly string clientId = $"client:{Guid.NewGuid():N}";
    readonly CancellationTokenSource disposing = new();
    readonly Lock gate = new();
    IReadOnlyList<EndPoint> learned = [];
    Link? current;
    Task<Link>? connecting;
    int next;

    public GatewayClient(List<EndPoint> seeds, string apiKey, ClientOptions options)
    {
        this.seeds = seeds;
        this.options = options;
        var loggers = options.LoggerFactory ?? NullLoggerFactory.Instance;
        logger = loggers.CreateLogger<GatewayClient>();
        credentials = new HandshakeCredentials(clientId, PeerRole.Client, System.Text.Encoding.UTF8.GetBytes(apiKey));
        var siloOptions = new SiloOptions { ResponseTimeout = options.ResponseTimeout };
        siloOptions.AddGrainAssembly(typeof(GatewayClient).Assembly); // grain classes live in the cluster; the manifest names them
        services = new ServiceCollection().AddSingleton(DeepCopier.Shared).BuildServiceProvider();
        runtime = new GrainRuntime(services, Options.Create(siloOptions), loggers.CreateLogger<GrainRuntime>())
        {
            Router = this,
            ObserverHome = clientId,
        };
    }

    public IServiceProvider ServiceProvider => services;

    public string? Gateway => current is { Connection.IsClosed: false } link ? link.Name : null;

    /// <summary>Connects to a gateway and reads the cluster's manifest and gateway list.</summary>
    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        var link = await GetLinkAsync().WaitAsync(cancellationToken);
        await LearnClusterAsync(link, cancellationToken);
    }

    public TGrainInterface GetGrain<TGrainInterface>(string primaryKey, string? grainClassNamePrefix = null)
        where TGrainInterface : IGrainWithStringKey => runtime.GrainFactory.GetGrain<TGrainInterface>(primaryKey, grainClassNamePrefix);

    public TGrainInterface GetGrain<TGrainInterface>(Guid primaryKey, string? grainClassNamePrefix = null)
        where TGrainInterface : IGrainWithGuidKey => runtime.GrainFactory.GetGrain<TGrainInterface>(primaryKey, grainClassNamePrefix);

    public TGrainInterface GetGrain<TGrainInterface>(long primaryKey, string? grainClassNamePrefix = null)
        where TGrainInterface : IGrainWithIntegerKey => runtime.GrainFactory.GetGrain<TGrainInterface>(primaryKey, grainClassNamePrefix);

    public TGrainInterface GetGrain<TGrainInterface>(GrainId grainId)
        where TGrainInterface : IAddressable => runtime.GrainFactory.GetGrain<TGrainInterface>(grainId);

    public TGrainObserverInterface CreateObjectReference<TGrainObserverInterface>(IGrainObserver observer)
        where TGrainObserverInterface : IGrainObserver => runtime.GrainFactory.CreateObjectReference<TGrainObserverInterface>(observer);

    public void DeleteObjectReference<TGrainObserverInterface>(IGrainObserver observer)
        where TGrainObserverInterface : IGrainObserver => runtime.GrainFactory.DeleteObjectReference<TGrainObserverInterface>(observer);

    public bool TryRoute(IActivationWork work, GrainId target)
    {
        if (target.Type == ObserverRegistry.ObserverGrainType && ObserverRegistry.HomeOf(target) == clientId)
        {
            return false; // this client's own observer
        }

        if (work is not IRemoteRequest request)
        {
            work.Reject(new InvalidOperationException($"Only grain calls can leave the client; {target} is in the cluster."));
            return true;
        }

        _ = SendAsync(request, target);
        return true;
    }

    // A client hosts no grains, so nothing of its own is ever registered in the cluster's directory.
    public ValueTask<string?> RegisterActivationAsync(GrainId grainId, Guid activationId) => ValueTask.FromResult<string?>(null);

    public void UnregisterActivation(GrainId grainId, Guid activationId)
    {
    }

    public async ValueTask DisposeAsync()
    {
        if (disposing.IsCancellationRequested)
        {
            return;
        }

        await disposing.CancelAsync();
        runtime.Stop("The client was disposed; connect a new one.");
        if (current is { } link)
        {
            link.Pending.FailAll(new ObjectDisposedException(nameof(IClusterClient), "The client was disposed while the call was in flight."));
            await link.Connection.CloseAsync(TimeSpan.FromSeconds(1));
        }

        runtime.Dispose();
        await services.DisposeAsync();
        disposing.Dispose();
    }

    async Task SendAsync(IRemoteRequest request, GrainId target)
    {
        try
        {
            var connecting = GetLinkAsync();
            if (!connecting.IsCompleted)
            {
                request.Isolate(); // waiting for a gateway: the caller goes on before the arguments are serialized
            }

            var link = await connecting;
            var response = await RemoteCalls.SendAsync(request, target, link.Name, clientId, runtime, (call, token) => Send(link, call, token), cancel => link.Connection.TrySend(cancel));
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

    static async Task<Message?> Send(Link link, OutgoingCall call, CancellationToken token)
    {
        if (call.OneWay)
        {
            return link.Connection.TrySend(call.Create(0)) ? null : throw new SiloUnavailableException($"The connection to gateway {link.Name} closed.");
        }

        return await link.Pending.SendAsync(link.Connection, $"gateway {link.Name}", call.Create, token);
    }

    async Task<T> SystemCallAsync<T>(Link link, string method, CancellationToken cancellationToken)
    {
        var answer = await link.Pending.SendAsync(link.Connection, $"gateway {link.Name}", id => new Message
        {
            Kind = MessageKind.SystemRequest, CorrelationId = id, Interface = SystemCalls.Silo, Method = method, SenderSilo = clientId,
        }, cancellationToken);
        return answer.Status == ResponseStatus.Ok
            ? runtime.Serializer.Deserialize<T>(answer.Body.Span)
            : throw new GatewayUnavailableException($"Gateway {link.Name} refused {method}: {answer.RejectionReason}");
    }

    async Task LearnClusterAsync(Link link, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.ResponseTimeout);
        runtime.Types.UseRemoteManifest(await SystemCallAsync<IReadOnlyList<GrainManifestEntry>>(link, SystemCalls.Manifest, timeout.Token));
        var gateways = await SystemCallAsync<IReadOnlyList<string>>(link, SystemCalls.Gateways, timeout.Token);
        learned = [.. gateways.Select(BigDLClient.ParseEndPoint)];
    }

    Task<Link> GetLinkAsync()
    {
        lock (gate)
        {
            if (current is { Connection.IsClosed: false } link)
            {
                return Task.FromResult(link);
            }

            return connecting ??= ConnectAnyAsync();
        }
    }

    async Task<Link> ConnectAnyAsync()
    {
        var deadline = DateTime.UtcNow + options.ConnectTimeout;
        var delay = TimeSpan.FromMilliseconds(100);
        Exception? last = null;
        try
        {
            while (true)
            {
                disposing.Token.ThrowIfCancellationRequested();
                var candidates = learned.Concat(seeds).Distinct().ToList();
                for (var i = 0; i < candidates.Count; i++)
                {
                    var endpoint = candidates[(next + i) % candidates.Count];
                    try
                    {
                        var connection = await Connection.ConnectAsync(endpoint, credentials, null, HandleAsync, options.Transport, logger, disposing.Token);
                        var link = new Link(connection, new PendingRequests(), connection.Peer.Identity);
                        connection.ClosedToken.Register(() => OnClosed(link));
                        next = (next + i + 1) % Math.Max(1, candidates.Count);
                        lock (gate)
                        {
                            current = link;
                        }

                        LogConnected(link.Name, endpoint.ToString()!);
                        return link;
                    }
                    catch (HandshakeException e)
                    {
                        throw new GatewayUnavailableException($"The gateway at {endpoint} refused this client: the API key is wrong, or it is not a BigDL gateway ({e.Message}).", e);
                    }
                    catch (Exception e) when (e is SocketException or IOException or ConnectionClosedException or ProtocolException)
                    {
                        last = e;
                    }
                }

                if (DateTime.UtcNow + delay > deadline)
                {
                    throw new GatewayUnavailableException(
                        $"No gateway answered within {options.ConnectTimeout} (tried {string.Join(", ", candidates)}): {last?.Message} Check that a silo runs with --gateway-port and that the address is right.",
                        last!);
                }

                await Task.Delay(delay, disposing.Token);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 2000));
            }
        }
        finally
        {
            lock (gate)
            {
                connecting = null;
            }
        }
    }

    void OnClosed(Link link)
    {
        link.Pending.FailAll(new SiloUnavailableException($"The connection to gateway {link.Name} closed; calls in flight failed. The client reconnects to another gateway on the next call."));
        if (!disposing.IsCancellationRequested)
        {
            LogDisconnected(link.Name);

            // Reconnect now rather than on the next call, so observers keep receiving; learn the cluster again there.
            _ = ReconnectAsync();
        }
    }

    async Task ReconnectAsync()
    {
        try
        {
            var link = await GetLinkAsync();
            await LearnClusterAsync(link, disposing.Token);
        }
        catch (Exception e) when (e is GatewayUnavailableException or OperationCanceledException or SiloUnavailableException or ObjectDisposedException)
        {
            LogReconnectFailed(e.Message);
        }
    }

    ValueTask HandleAsync(Message message, Connection connection)
    {
        switch (message.Kind)
        {
            case MessageKind.Response:
                if (current is { } link && link.Connection == connection)
                {
                    link.Pending.TryComplete(message);
                }

                break;
            case MessageKind.Request or MessageKind.OneWayRequest:
                InboundCalls.Receive(runtime, message, connection, unavailable: disposing.IsCancellationRequested);
                break;
            default:
                connection.TrySend(message.CreateRejection($"A client does not serve {message.Kind} messages."));
                break;
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>One connection to a gateway with the requests waiting on it.</summary>
    sealed record Link(Connection Connection, PendingRequests Pending, string Name);

    [LoggerMessage(1, LogLevel.Information, "Connected to gateway {Gateway} at {EndPoint}")]
    partial void LogConnected(string gateway, string endPoint);

    [LoggerMessage(2, LogLevel.Warning, "Lost the connection to gateway {Gateway}; reconnecting")]
    partial void LogDisconnected(string gateway);

    [LoggerMessage(3, LogLevel.Warning, "Reconnecting to the cluster failed: {Reason}")]
    partial void LogReconnectFailed(string reason);
}
