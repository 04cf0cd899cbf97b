using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Logging;

namespace BigDL.Orleans.Transport;

/// <summary>Keeps one connection per peer silo: shares concurrent connects, adopts inbound connections, reconnects after a loss.</summary>
/// <remarks>
/// Peers are keyed by identity (a silo's <c>host:port@generation</c>), so a restarted silo on the same endpoint is a new
/// peer and the handshake refuses a connection that reaches the wrong incarnation.
/// When two silos connect to each other at once, both end up with two connections; each side then hands out the one
/// opened by the silo whose identity sorts first (ordinal), so both converge on one connection for new calls. The other
/// stays open for the replies and calls already on it, and closes like any connection when its peer goes away or it
/// idles out; the runtime may close it sooner with <see cref="Connection.CloseAsync"/>. A peer that opens a new
/// connection while its old inbound one still looks open has given the old one up: the new one replaces it and the old
/// one is closed.
/// </remarks>
internal sealed partial class ConnectionManager : IAsyncDisposable
{
    readonly TransportOptions options;
    readonly HandshakeCredentials credentials;
    readonly Func<Message, Connection, ValueTask> handler;
    readonly ILogger logger;
    readonly ConcurrentDictionary<string, Task<Connection>> connections = new(StringComparer.Ordinal);
    readonly ConcurrentDictionary<long, Connection> all = new();

    // Peers whose last connect failed: a dead silo is dialled by every caller until it is declared dead, so only the
    // first failure in a row is a warning and the rest are debug lines.
    readonly ConcurrentDictionary<string, bool> unreachable = new(StringComparer.Ordinal);
    readonly CancellationTokenSource stopping = new();

    /// <summary>Creates a manager that connects as <paramref name="credentials"/> and hands every received message to <paramref name="handler"/>.</summary>
    public ConnectionManager(TransportOptions options, HandshakeCredentials credentials, Func<Message, Connection, ValueTask> handler, ILogger logger)
    {
        this.options = options;
        this.credentials = credentials;
        this.handler = handler;
        this.logger = logger;
    }

    /// <summary>Gets how many peers have a connection (or a connect in progress).</summary>
    public int Count => connections.Count;

    /// <summary>Gets every open connection this manager made or adopted, the superseded duplicates included.</summary>
    public IReadOnlyList<Connection> Connections => [.. all.Values];

    /// <summary>Returns the open connection to <paramref name="peerIdentity"/>, connecting to <paramref name="endPoint"/> if there is none.</summary>
    /// <remarks>Concurrent callers for one peer share one connect; a failed connect fails all of them and the next call tries again.</remarks>
    public async Task<Connection> GetConnectionAsync(string peerIdentity, EndPoint endPoint, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(stopping.IsCancellationRequested, this);
        while (true)
        {
            if (connections.TryGetValue(peerIdentity, out var existing))
            {
                if (!existing.IsCompleted)
                {
                    // A shared connect that fails fails every waiter; its owner has removed the entry for the next call.
                    return await existing.WaitAsync(cancellationToken);
                }

                if (existing.IsCompletedSuccessfully && !existing.Result.IsClosed)
                {
                    return existing.Result;
                }

                connections.TryRemove(KeyValuePair.Create(peerIdentity, existing));
                continue;
            }

            var connect = new TaskCompletionSource<Connection>(TaskCreationOptions.RunContinuationsAsynchronously);
            if (!connections.TryAdd(peerIdentity, connect.Task))
            {
                continue;
            }

            _ = ConnectAsync(peerIdentity, endPoint, connect);
            return await connect.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Returns the connection to <paramref name="endPoint"/>, using its <c>ip:port</c> as the peer's identity.</summary>
    public Task<Connection> GetConnectionAsync(IPEndPoint endPoint, CancellationToken cancellationToken = default) =>
        GetConnectionAsync(endPoint.ToString(), endPoint, cancellationToken);

    /// <summary>Returns the open connection to <paramref name="peerIdentity"/> without connecting.</summary>
    public bool TryGetConnection(string peerIdentity, out Connection? connection)
    {
        connection = connections.TryGetValue(peerIdentity, out var task) && task.IsCompletedSuccessfully && !task.Result.IsClosed ? task.Result : null;
        return connection is not null;
    }

    /// <summary>Adopts a connection a silo opened to this one (from <see cref="ConnectionListener.ConnectionAccepted"/>), applying the duplicate rule.</summary>
    public void AddInbound(Connection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (connection.Peer.Role != PeerRole.Silo)
        {
            return; // clients are served on their own connection, never called back through the manager
        }

        var peer = connection.Peer.Identity;
        Track(peer, connection);
        var inbound = Task.FromResult(connection);
        while (true)
        {
            if (!connections.TryGetValue(peer, out var existing) || (existing.IsCompleted && (!existing.IsCompletedSuccessfully || existing.Result.IsClosed)))
            {
                if (existing is null ? connections.TryAdd(peer, inbound) : connections.TryUpdate(peer, inbound, existing))
                {
                    return;
                }

                continue;
            }

            // The peer opened a new connection while its old one looks open here: the peer has given the old one up
            // (it reconnects only after losing it), so the old one is a half-dead socket this side has not noticed yet.
            if (existing.IsCompletedSuccessfully && !existing.Result.IsOutbound)
            {
                if (!connections.TryUpdate(peer, inbound, existing))
                {
                    continue;
                }

                Log.Replaced(logger, peer, existing.Result.Id, connection.Id);
                existing.Result.Abort(CloseReason.Local, null);
                return;
            }

            // Both sides connected: prefer the connection opened by the lower identity, on both sides alike.
            if (string.CompareOrdinal(peer, credentials.Identity) < 0 && !connections.TryUpdate(peer, inbound, existing))
            {
                continue;
            }

            Log.Duplicate(logger, peer, string.CompareOrdinal(peer, credentials.Identity) < 0 ? "inbound" : "outbound");
            return;
        }
    }

    /// <summary>Closes every connection and stops connecting.</summary>
    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        await Task.WhenAll(all.Values.Select(c => c.DisposeAsync().AsTask()));

        // stopping is left undisposed on purpose: it is cancelled, holds no timer, and code that still holds this object
        // may read its token later, which a disposed source would answer with ObjectDisposedException.
    }

    async Task ConnectAsync(string peer, EndPoint endPoint, TaskCompletionSource<Connection> connect)
    {
        try
        {
            // Not the caller's token: the connect is shared, so one impatient caller must not fail the others.
            var connection = await Connection.ConnectAsync(endPoint, credentials, peer, handler, options, logger, stopping.Token);
            Track(peer, connection);
            unreachable.TryRemove(peer, out _);
            connect.SetResult(connection);
        }
        catch (Exception e)
        {
            connections.TryRemove(KeyValuePair.Create(peer, connect.Task));
            if (unreachable.TryAdd(peer, true))
            {
                Log.ConnectFailed(logger, peer, endPoint, e.Message);
            }
            else
            {
                Log.ConnectFailedAgain(logger, peer, endPoint, e.Message);
            }

            connect.SetException(e);
        }
    }

    void Track(string peer, Connection connection)
    {
        all[connection.Id] = connection;
        connection.ClosedToken.Register(() =>
        {
            all.TryRemove(connection.Id, out _);

            // Remove the entry only if it still is this connection: a newer one may have replaced it.
            foreach (var (key, task) in connections)
            {
                if (key == peer && task.IsCompletedSuccessfully && ReferenceEquals(task.Result, connection))
                {
                    connections.TryRemove(KeyValuePair.Create(key, task));
                }
            }
        });
    }

    static partial class Log
    {
        [LoggerMessage(121, LogLevel.Warning, "Could not connect to silo '{Peer}' at {EndPoint}: {Reason}")]
        public static partial void ConnectFailed(ILogger logger, string peer, EndPoint endPoint, string reason);

        [LoggerMessage(124, LogLevel.Debug, "Could not connect to silo '{Peer}' at {EndPoint} again: {Reason}")]
        public static partial void ConnectFailedAgain(ILogger logger, string peer, EndPoint endPoint, string reason);

        [LoggerMessage(123, LogLevel.Information, "Silo '{Peer}' reconnected: connection #{NewId} replaces #{OldId}, which is closed")]
        public static partial void Replaced(ILogger logger, string peer, long oldId, long newId);

        [LoggerMessage(122, LogLevel.Debug, "Silo '{Peer}' and this silo connected to each other at once; keeping the {Kept} connection for new calls")]
        public static partial void Duplicate(ILogger logger, string peer, string kept);
    }
}
