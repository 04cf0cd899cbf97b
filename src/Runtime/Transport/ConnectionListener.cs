using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace BigDL.Orleans.Transport;

/// <summary>Accepts TCP connections on one endpoint, runs each one's handshake, and serves the ones that pass.</summary>
/// <remarks>
/// A handshake that fails, stalls past <see cref="TransportOptions.HandshakeTimeout"/>, or arrives while
/// <see cref="TransportOptions.MaxPendingHandshakes"/> others are pending is dropped without affecting anyone else.
/// </remarks>
internal sealed partial class ConnectionListener : IAsyncDisposable
{
    readonly TransportOptions options;
    readonly HandshakeCredentials credentials;
    readonly Func<Message, Connection, ValueTask> handler;
    readonly ILogger logger;
    readonly Socket listenSocket;
    readonly CancellationTokenSource stopping = new();
    readonly ConcurrentDictionary<long, Connection> connections = new();
    Task acceptLoop = Task.CompletedTask;
    int pendingHandshakes;

    /// <summary>Binds <see cref="TransportOptions.ListenAddress"/>:<see cref="TransportOptions.ListenPort"/> and starts accepting.</summary>
    public ConnectionListener(TransportOptions options, HandshakeCredentials credentials, Func<Message, Connection, ValueTask> handler, ILogger logger)
        : this(options, _ => credentials, handler, logger)
    {
    }

    /// <summary>Binds, then takes its credentials from the bound endpoint: a silo's identity names its port, which port 0 only reveals after binding.</summary>
    public ConnectionListener(TransportOptions options, Func<IPEndPoint, HandshakeCredentials> credentialsFor, Func<Message, Connection, ValueTask> handler, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(credentialsFor);
        this.options = options;
        this.handler = handler;
        this.logger = logger;
        listenSocket = new Socket(options.ListenAddress.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listenSocket.Bind(new IPEndPoint(options.ListenAddress, options.ListenPort));
            listenSocket.Listen(512);
        }
        catch
        {
            listenSocket.Dispose();
            throw;
        }

        // Non-null: a bound socket has a local endpoint, and an IP socket's is an IPEndPoint.
        LocalEndPoint = (IPEndPoint)listenSocket.LocalEndPoint!;
        credentials = credentialsFor(LocalEndPoint);
        acceptLoop = Task.Run(AcceptLoopAsync);
        Log.Listening(logger, LocalEndPoint, credentials.Identity);
    }

    /// <summary>Gets the bound endpoint, with the port the system picked when <see cref="TransportOptions.ListenPort"/> was 0.</summary>
    public IPEndPoint LocalEndPoint { get; }

    /// <summary>Gets the authenticated connections this listener serves now.</summary>
    public IReadOnlyList<Connection> Connections => [.. connections.Values];

    /// <summary>Gets how many accepted sockets are in their handshake now.</summary>
    public int PendingHandshakes => Volatile.Read(ref pendingHandshakes);

    /// <summary>Called with every connection whose handshake passed (the connection manager registers silo peers here).</summary>
    public Action<Connection>? ConnectionAccepted { get; set; }

    /// <summary>Stops accepting and closes every connection.</summary>
    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        listenSocket.Dispose();
        await acceptLoop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await Task.WhenAll(connections.Values.Select(c => c.DisposeAsync().AsTask()));

        // stopping is left undisposed on purpose: it is cancelled, holds no timer, and code that still holds this object
        // may read its token later, which a disposed source would answer with ObjectDisposedException.
    }

    async Task AcceptLoopAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listenSocket.AcceptAsync(stopping.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e)
            {
                // Transient (a peer reset while in the backlog, out of file descriptors): keep accepting.
                Log.AcceptFailed(logger, e.SocketErrorCode);
                continue;
            }

            if (Interlocked.Increment(ref pendingHandshakes) > options.MaxPendingHandshakes)
            {
                Interlocked.Decrement(ref pendingHandshakes);
                Log.TooManyHandshakes(logger, socket.RemoteEndPoint, options.MaxPendingHandshakes);
                socket.Dispose();
                continue;
            }

            _ = Task.Run(() => HandshakeAsync(socket));
        }
    }

    async Task HandshakeAsync(Socket socket)
    {
        Connection? connection;
        try
        {
            connection = await Connection.AcceptAsync(socket, credentials, handler, options, logger, stopping.Token);
        }
        finally
        {
            Interlocked.Decrement(ref pendingHandshakes);
        }

        if (connection is null)
        {
            return;
        }

        connections[connection.Id] = connection;
        _ = connection.Closed.ContinueWith(
            (_, state) => ((ConcurrentDictionary<long, Connection>)state!).TryRemove(connection.Id, out Connection? _),
            connections,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        if (stopping.IsCancellationRequested)
        {
            await connection.DisposeAsync();
            return;
        }

        try
        {
            ConnectionAccepted?.Invoke(connection);
        }
        catch (Exception e)
        {
            Log.AcceptedCallbackFailed(logger, e, connection.Id);
        }
    }

    static partial class Log
    {
        [LoggerMessage(111, LogLevel.Information, "Transport listening on {EndPoint} as '{Identity}'")]
        public static partial void Listening(ILogger logger, EndPoint endPoint, string identity);

        [LoggerMessage(112, LogLevel.Warning, "Accept failed with {Error}; still listening")]
        public static partial void AcceptFailed(ILogger logger, SocketError error);

        [LoggerMessage(113, LogLevel.Warning, "Dropped a connection from {RemoteEndPoint}: {Limit} handshakes already pending (TransportOptions.MaxPendingHandshakes)")]
        public static partial void TooManyHandshakes(ILogger logger, EndPoint? remoteEndPoint, int limit);

        [LoggerMessage(114, LogLevel.Error, "The connection-accepted callback threw for connection #{Id}")]
        public static partial void AcceptedCallbackFailed(ILogger logger, Exception exception, long id);
    }
}
