using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace BigDL.Orleans.Transport;

/// <summary>An authenticated TCP connection to one peer that carries many messages in flight in both directions.</summary>
/// <remarks>
/// Sends from any thread go into a queue; one writer loop drains it, writing every queued frame before one flush, so
/// small messages under load share syscalls (batching) while a lone message is still flushed at once (latency).
/// One read loop parses frames and hands each message to the handler in arrival order; the handler should dispatch
/// (queue work, complete a pending call) and return, since the next frame is not read until it does.
/// Once closed, <see cref="ClosedToken"/> fires and <see cref="Closed"/> completes at once, so calls in flight can fail fast.
/// </remarks>
internal sealed partial class Connection : IAsyncDisposable
{
    // Bodies at least this big skip the pipe's buffers both ways: written to the socket in one call after the header is
    // flushed, and read from it straight into one pooled array (the 4 MB tensor case); smaller ones go through the pipe
    // to batch with their neighbours, where the extra copy costs less than the syscalls it saves.
    const int DirectIoBytes = 64 * 1024;
    const int PipeBufferBytes = 64 * 1024;

    static readonly Message KeepAliveMessage = new() { Kind = MessageKind.KeepAlive };
    static long lastId;

    readonly Socket socket;
    readonly NetworkStream stream;
    readonly PipeReader reader;
    readonly PipeWriter writer;
    readonly TransportOptions options;
    readonly MessageCodec codec;
    readonly ILogger logger;
    // No synchronous continuations: they would run the writer loop inline on whichever thread sent, which then flushes
    // one message per syscall; measured on loopback with 50 callers that cut echo throughput from ~680k to ~40k msg/s,
    // and bought no single-caller latency.
    readonly Channel<(Message Message, int FrameBytes)> queue =
        Channel.CreateUnbounded<(Message, int)>(new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = false });

    readonly CancellationTokenSource closedSource = new();
    readonly TaskCompletionSource<ConnectionCloseInfo> closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    Func<Message, Connection, ValueTask>? handler;
    Task readLoop = Task.CompletedTask;
    Task writeLoop = Task.CompletedTask;
    Timer? keepAliveTimer;
    long lastReceivedTicks = Environment.TickCount64;
    long lastSentTicks = Environment.TickCount64;
    int closing;
    long batches;

    Connection(Socket socket, bool isOutbound, TransportOptions options, ILogger logger)
    {
        this.socket = socket;
        this.options = options;
        this.logger = logger;
        IsOutbound = isOutbound;
        Id = Interlocked.Increment(ref lastId);
        RemoteEndPoint = socket.RemoteEndPoint;
        LocalEndPoint = socket.LocalEndPoint;
        socket.NoDelay = true; // every flush is a whole batch already; Nagle would only add latency
        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
        stream = new NetworkStream(socket, ownsSocket: true);
        reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: PipeBufferBytes, minimumReadSize: 4096, leaveOpen: true));
        writer = PipeWriter.Create(stream, new StreamPipeWriterOptions(minimumBufferSize: PipeBufferBytes, leaveOpen: true));
        codec = new MessageCodec(options);
    }

    /// <summary>Gets a process-unique number for logs and tests.</summary>
    public long Id { get; }

    /// <summary>Gets whether this side opened the connection.</summary>
    public bool IsOutbound { get; }

    /// <summary>Gets the peer's identity and role as its handshake proved them.</summary>
    public PeerInfo Peer { get; private set; }

    /// <summary>Gets the peer's socket address.</summary>
    public EndPoint? RemoteEndPoint { get; }

    /// <summary>Gets this side's socket address.</summary>
    public EndPoint? LocalEndPoint { get; }

    /// <summary>Gets a token cancelled the moment the connection closes, for failing calls in flight on it.</summary>
    public CancellationToken ClosedToken => closedSource.Token;

    /// <summary>Gets a task that completes, with the reason, when the connection closes.</summary>
    public Task<ConnectionCloseInfo> Closed => closed.Task;

    /// <summary>Gets how many batches the writer loop has flushed; fewer than messages sent means batching happened.</summary>
    public long Batches => Interlocked.Read(ref batches);

    /// <summary>Gets whether the connection is closed or closing; it accepts no more sends.</summary>
    public bool IsClosed => Volatile.Read(ref closing) != 0;

    /// <summary>Connects to <paramref name="endPoint"/>, runs the initiator's handshake and starts the loops.</summary>
    public static async Task<Connection> ConnectAsync(
        EndPoint endPoint,
        HandshakeCredentials credentials,
        string? expectedPeerIdentity,
        Func<Message, Connection, ValueTask> handler,
        TransportOptions options,
        ILogger logger,
        CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.ConnectTimeout + options.HandshakeTimeout);
        var socket = new Socket(endPoint.AddressFamily == AddressFamily.Unspecified ? AddressFamily.InterNetwork : endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(endPoint, timeout.Token);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw new SocketException((int)SocketError.TimedOut, $"Connecting to {endPoint} took longer than {options.ConnectTimeout}. ({e.Message})");
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        var connection = new Connection(socket, isOutbound: true, options, logger);
        try
        {
            connection.Peer = await Handshake.InitiateAsync(connection.reader, connection.writer, credentials, expectedPeerIdentity, timeout.Token);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            Log.HandshakeFailed(logger, endPoint, "timed out");
            await connection.DisposeAsync();
            throw new HandshakeException($"The handshake with {endPoint} did not finish within {options.HandshakeTimeout}.", e);
        }
        catch (Exception e)
        {
            Log.HandshakeFailed(logger, endPoint, e.Message);
            await connection.DisposeAsync();
            throw;
        }

        connection.Start(handler);
        return connection;
    }

    /// <summary>Runs the acceptor's handshake on an accepted socket and starts the loops; null (and the socket closed) when it fails.</summary>
    public static async Task<Connection?> AcceptAsync(
        Socket socket,
        HandshakeCredentials credentials,
        Func<Message, Connection, ValueTask> handler,
        TransportOptions options,
        ILogger logger,
        CancellationToken cancellationToken)
    {
        Connection connection;
        try
        {
            connection = new Connection(socket, isOutbound: false, options, logger);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Reset between accept and here: setting socket options on it fails.
            Log.HandshakeFailed(logger, null, e.Message);
            socket.Dispose();
            return null;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.HandshakeTimeout);
        try
        {
            connection.Peer = await Handshake.AcceptAsync(connection.reader, connection.writer, credentials, timeout.Token);
        }
        catch (Exception e)
        {
            var reason = e is OperationCanceledException ? $"no handshake within {options.HandshakeTimeout}" : e.Message;
            Log.HandshakeFailed(logger, connection.RemoteEndPoint, reason);
            await connection.DisposeAsync();
            return null;
        }

        connection.Start(handler);
        return connection;
    }

    /// <summary>Queues <paramref name="message"/> for the writer loop; false when the connection is closed.</summary>
    /// <exception cref="ArgumentException">The message is over a limit (frame size, header string, call chain).</exception>
    public bool TrySend(Message message)
    {
        var frameBytes = codec.MeasureFrame(message);
        if (queue.Writer.TryWrite((message, frameBytes)))
        {
            return true;
        }

        message.BodyOwner?.Dispose();
        return false;
    }

    /// <summary>Queues <paramref name="message"/> for the writer loop, or throws <see cref="ConnectionClosedException"/>.</summary>
    public void Send(Message message)
    {
        if (!TrySend(message))
        {
            throw (closed.Task.IsCompleted ? closed.Task.Result : new ConnectionCloseInfo(CloseReason.Local, null)).ToException(Peer.Identity);
        }
    }

    /// <summary>Stops taking sends, writes what is queued, then closes; waits at most <paramref name="drainTimeout"/> for the queue.</summary>
    public async Task CloseAsync(TimeSpan drainTimeout)
    {
        queue.Writer.TryComplete();
        try
        {
            await writeLoop.WaitAsync(drainTimeout);
        }
        catch (TimeoutException)
        {
            // The peer stopped reading; what is left in the queue is lost like any message to a dead peer.
        }

        Abort(CloseReason.Local, null);
    }

    /// <summary>Closes at once: queued messages are dropped, the socket is closed, and <see cref="Closed"/> completes.</summary>
    public void Abort(CloseReason reason, Exception? error)
    {
        if (Interlocked.Exchange(ref closing, 1) != 0)
        {
            return;
        }

        queue.Writer.TryComplete();
        keepAliveTimer?.Dispose();
        try
        {
            socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
            // Already reset by the peer: nothing left to shut down.
        }
        catch (ObjectDisposedException)
        {
            // Already closed.
        }

        socket.Dispose();
        while (queue.Reader.TryRead(out var unsent))
        {
            unsent.Message.BodyOwner?.Dispose();
        }

        var info = new ConnectionCloseInfo(reason, error);
        Log.Closed(logger, Id, Peer.Identity, RemoteEndPoint, reason, error?.Message);
        closed.TrySetResult(info);
        closedSource.Cancel();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Abort(CloseReason.Local, null);
        await Task.WhenAll(readLoop, writeLoop).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await reader.CompleteAsync();
        await writer.CompleteAsync();
        await stream.DisposeAsync();

        // closedSource is left undisposed on purpose: it is cancelled, holds no timer, and code that still holds this object
        // may read its token later, which a disposed source would answer with ObjectDisposedException.
    }

    /// <inheritdoc />
    public override string ToString() => $"connection #{Id} {(IsOutbound ? "to" : "from")} {Peer.Role} '{Peer.Identity}' at {RemoteEndPoint}";

    void Start(Func<Message, Connection, ValueTask> messageHandler)
    {
        handler = messageHandler;
        lastReceivedTicks = lastSentTicks = Environment.TickCount64;

        // The timer exists before the loops can call Abort, so Abort always finds it to dispose: a timer left running
        // would keep a closed connection reachable for good.
        var period = options.KeepAliveInterval / 2;
        keepAliveTimer = new Timer(static state => ((Connection)state!).OnKeepAliveTick(), this, period, period);
        readLoop = Task.Run(ReadLoopAsync);
        writeLoop = Task.Run(WriteLoopAsync);
    }

    void OnKeepAliveTick()
    {
        var now = Environment.TickCount64;
        if (now - Volatile.Read(ref lastReceivedTicks) > (long)options.IdleTimeout.TotalMilliseconds)
        {
            Abort(CloseReason.IdleTimeout, null);
        }
        else if (now - Volatile.Read(ref lastSentTicks) >= (long)options.KeepAliveInterval.TotalMilliseconds)
        {
            queue.Writer.TryWrite((KeepAliveMessage, MessageCodec.MinimumFrameBytes));
        }
    }
}
