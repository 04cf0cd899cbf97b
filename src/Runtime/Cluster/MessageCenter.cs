using System.Collections.Concurrent;
using System.Net;
using BigDL.Orleans.Membership;
using BigDL.Orleans.Runtime;
using BigDL.Orleans.Transport;
using Microsoft.Extensions.Logging;

namespace BigDL.Orleans.Cluster;

/// <summary>A silo's presence on the network: its listener, one connection per peer silo, and requests awaiting responses.</summary>
/// <remarks>
/// Every request waits on its connection's <see cref="PendingRequests"/>; when a connection closes, they all fail at once
/// with <see cref="SiloUnavailableException"/> instead of waiting for a timeout. Pings (membership probes) are answered
/// here, and only when addressed to this silo's own generation, so a probe of a dead silo's old address cannot be
/// answered by its restarted successor. Grain and system requests go to <see cref="RequestHandler"/>.
/// </remarks>
internal sealed partial class MessageCenter : ISiloProber, IAsyncDisposable
{
    static readonly TimeSpan DrainOnClose = TimeSpan.FromSeconds(2);

    readonly ConnectionListener listener;
    readonly ConnectionManager connections;
    readonly ConcurrentDictionary<Connection, PendingRequests> pending = new();
    readonly ConcurrentDictionary<string, Connection> clients = new(StringComparer.Ordinal);
    readonly ILogger logger;
    ConnectionListener? gateway;

    MessageCenter(ConnectionListener listener, ConnectionManager connections, SiloAddress self, ILogger logger)
    {
        this.listener = listener;
        this.connections = connections;
        this.logger = logger;
        Self = self;
    }

    /// <summary>Gets this silo's address, with the port the listener bound.</summary>
    public SiloAddress Self { get; }

    /// <summary>Gets or sets what serves grain and system requests; without one they are answered with a rejection that says so.</summary>
    public Func<Message, Connection, ValueTask>? RequestHandler { get; set; }

    /// <summary>Gets or sets what runs when a client connects to the gateway (true) or its connection closes (false).</summary>
    public Action<string, bool>? ClientChanged { get; set; }

    /// <summary>Gets the port clients connect to, or 0 when the gateway is not open.</summary>
    public int GatewayPort => gateway?.LocalEndPoint.Port ?? 0;

    /// <summary>Opens the client gateway: clients prove <paramref name="apiKey"/>, and the gateway proves it back.</summary>
    public void StartGateway(TransportOptions options, byte[] apiKey, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(loggers);
        var credentials = new HandshakeCredentials(Self.ToString(), PeerRole.Silo, apiKey, new Dictionary<PeerRole, byte[]> { [PeerRole.Client] = apiKey });
        gateway = new ConnectionListener(options, credentials, HandleAsync, loggers.CreateLogger<ConnectionListener>())
        {
            ConnectionAccepted = AddClient,
        };
    }

    /// <summary>Gets the ids of the clients connected to this silo's gateway.</summary>
    public IReadOnlyList<string> ConnectedClients => [.. clients.Keys];

    /// <summary>Returns the connection of a client attached to this silo's gateway.</summary>
    public bool TryGetClient(string clientId, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Connection? connection) =>
        clients.TryGetValue(clientId, out connection) && !connection.IsClosed;

    /// <summary>Sends a request on <paramref name="connection"/> (to a client, or a silo already connected) and returns the response.</summary>
    /// <exception cref="SiloUnavailableException">The connection closed before the response.</exception>
    public Task<Message> SendRequestAsync(Connection connection, string peer, Func<long, Message> request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return pending.GetOrAdd(connection, c => Track(c, peer)).SendAsync(connection, peer, request, cancellationToken);
    }

    /// <summary>Sends a message nobody answers (a one-way call) to <paramref name="target"/>.</summary>
    /// <exception cref="SiloUnavailableException">The silo cannot be reached.</exception>
    public async Task SendOneWayAsync(SiloAddress target, Message message, CancellationToken cancellationToken)
    {
        var connection = await ConnectAsync(target, cancellationToken);
        if (!connection.TrySend(message))
        {
            throw new SiloUnavailableException($"The connection to silo {target} closed before the message was sent.");
        }
    }

    /// <summary>Closes the connection to <paramref name="silo"/> so calls in flight to it fail now (it was declared dead).</summary>
    public void Disconnect(SiloAddress silo)
    {
        if (connections.TryGetConnection(silo.ToString(), out var connection))
        {
            connection!.Abort(CloseReason.Local, null);
        }
    }

    void AddClient(Connection connection)
    {
        var id = connection.Peer.Identity;
        if (clients.TryGetValue(id, out var previous) && previous != connection)
        {
            previous.Abort(CloseReason.Local, null);
        }

        clients[id] = connection;
        connection.ClosedToken.Register(() =>
        {
            if (clients.TryRemove(KeyValuePair.Create(id, connection)))
            {
                ClientChanged?.Invoke(id, false);
            }
        });
        ClientChanged?.Invoke(id, true);
    }

    async Task<Connection> ConnectAsync(SiloAddress target, CancellationToken cancellationToken)
    {
        try
        {
            return await connections.GetConnectionAsync(target.ToString(), EndPointOf(target), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw new SiloUnavailableException($"Silo {target} cannot be reached: {e.Message}", e);
        }
    }

    /// <summary>Binds the listener (port 0 picks a free one) and returns the center of the silo with that address.</summary>
    public static MessageCenter Start(string host, int generation, byte[] clusterSecret, TransportOptions options, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggers);
        // Messages need the center, which needs the listener's port; nobody can know the port before this method
        // returns (it is published through membership), so nothing arrives while `center` is still null.
        MessageCenter? center = null;
        ValueTask Handle(Message m, Connection c) => center?.HandleAsync(m, c) ?? ValueTask.CompletedTask;
        var listener = new ConnectionListener(
            options, endPoint => Credentials(host, endPoint.Port, generation, clusterSecret), Handle, loggers.CreateLogger<ConnectionListener>());
        var port = listener.LocalEndPoint.Port;
        var self = new SiloAddress(host, port, generation);
        var manager = new ConnectionManager(options, Credentials(host, port, generation, clusterSecret), Handle, loggers.CreateLogger<ConnectionManager>());
        center = new MessageCenter(listener, manager, self, loggers.CreateLogger<MessageCenter>());
        listener.ConnectionAccepted = manager.AddInbound;
        return center;
    }

    /// <summary>Sends <paramref name="request"/> (its correlation id is assigned here) to <paramref name="target"/> and returns the response.</summary>
    /// <exception cref="SiloUnavailableException">The silo cannot be reached, or the connection closed before the response.</exception>
    public async Task<Message> SendRequestAsync(SiloAddress target, Func<long, Message> request, CancellationToken cancellationToken)
    {
        var connection = await ConnectAsync(target, cancellationToken);
        return await SendRequestAsync(connection, $"silo {target}", request, cancellationToken);
    }

    /// <summary>Pings <paramref name="silo"/>; true only when that very generation answers.</summary>
    public async Task<bool> ProbeAsync(SiloAddress silo, CancellationToken cancellationToken)
    {
        try
        {
            var response = await SendRequestAsync(silo, id => new Message
            {
                Kind = MessageKind.Ping, CorrelationId = id, TargetSilo = silo.ToString(), SenderSilo = Self.ToString(),
            }, cancellationToken);
            return response is { Kind: MessageKind.Pong, Status: ResponseStatus.Ok };
        }
        catch (Exception e) when (e is SiloUnavailableException or OperationCanceledException)
        {
            LogProbeFailed(silo, e.Message);
            return false;
        }
    }

    /// <inheritdoc/>
    public async Task<string?> HandshakeRefusalAsync(SiloAddress silo, CancellationToken cancellationToken)
    {
        try
        {
            await ConnectAsync(silo, cancellationToken);
            return null;
        }
        catch (SiloUnavailableException e) when (e.InnerException is Transport.HandshakeException refused)
        {
            return refused.Message;
        }
        catch (SiloUnavailableException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (connection, requests) in pending)
        {
            requests.FailAll(new SiloUnavailableException($"Silo {Self} is shutting down."));
            await connection.CloseAsync(DrainOnClose);
        }

        await connections.DisposeAsync();
        if (gateway is not null)
        {
            await gateway.DisposeAsync();
        }

        await listener.DisposeAsync();
    }

    ValueTask HandleAsync(Message message, Connection connection)
    {
        switch (message.Kind)
        {
            case MessageKind.Ping:
                connection.TrySend(message.TargetSilo == Self.ToString()
                    ? message.CreateResponse(ResponseStatus.Ok, ReadOnlyMemory<byte>.Empty)
                    : message.CreateRejection($"This is silo {Self}, not {message.TargetSilo}."));
                return ValueTask.CompletedTask;
            case MessageKind.Pong or MessageKind.Response:
                if (pending.TryGetValue(connection, out var requests))
                {
                    requests.TryComplete(message);
                }

                return ValueTask.CompletedTask;
            default:
                if (RequestHandler is { } handler)
                {
                    return handler(message, connection);
                }

                if (message.Kind != MessageKind.OneWayRequest)
                {
                    connection.TrySend(message.CreateRejection($"Silo {Self} does not serve {message.Kind} messages."));
                }

                return ValueTask.CompletedTask;
        }
    }

    PendingRequests Track(Connection connection, string peer)
    {
        var requests = new PendingRequests();
        connection.ClosedToken.Register(() =>
        {
            requests.FailAll(new SiloUnavailableException($"The connection to {peer} closed; calls in flight to it failed."));
            pending.TryRemove(connection, out _);
        });
        return requests;
    }

    static HandshakeCredentials Credentials(string host, int port, int generation, byte[] secret) =>
        new(new SiloAddress(host, port, generation).ToString(), PeerRole.Silo, secret);

    static EndPoint EndPointOf(SiloAddress silo) =>
        IPAddress.TryParse(silo.Host, out var ip) ? new IPEndPoint(ip, silo.Port) : new DnsEndPoint(silo.Host, silo.Port);

    [LoggerMessage(1, LogLevel.Debug, "Probe of silo {Silo} failed: {Reason}")]
    partial void LogProbeFailed(SiloAddress silo, string reason);
}
