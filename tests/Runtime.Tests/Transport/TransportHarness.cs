using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using BigDL.Orleans.Transport;
using Microsoft.Extensions.Logging;

namespace BigDL.Orleans.Runtime.Tests.Transport;

/// <summary>Listeners, clients and raw sockets on loopback for the transport tests.</summary>
internal static class TransportHarness
{
    public static readonly byte[] ClusterSecret = RandomNumberGenerator.GetBytes(32);
    public static readonly byte[] OtherSecret = RandomNumberGenerator.GetBytes(32);
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    public static TransportOptions Options(Action<TransportOptions>? configure = null)
    {
        var options = new TransportOptions { ListenAddress = IPAddress.Loopback, ListenPort = 0 };
        configure?.Invoke(options);
        return options;
    }

    public static HandshakeCredentials Silo(string identity, byte[]? secret = null) => new(identity, PeerRole.Silo, secret ?? ClusterSecret);

    /// <summary>Answers every request with its own body, and counts what arrives.</summary>
    public static Func<Message, Connection, ValueTask> Echo(ConcurrentQueue<Message>? received = null) => (message, connection) =>
    {
        received?.Enqueue(message);
        if (message.Kind is MessageKind.Request or MessageKind.Ping && message.Method != "hang")
        {
            connection.TrySend(message.CreateResponse(ResponseStatus.Ok, message.Body));
        }

        return ValueTask.CompletedTask;
    };

    public static ConnectionListener Listen(Func<Message, Connection, ValueTask>? handler = null, TransportOptions? options = null, HandshakeCredentials? credentials = null, ILogger? logger = null) =>
        new(options ?? Options(), credentials ?? Silo("server"), handler ?? Echo(), logger ?? ListLogger.Null);

    /// <summary>Polls <paramref name="condition"/> until it holds or <see cref="Patience"/> runs out.</summary>
    public static async Task<bool> WaitUntil(Func<bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? Patience);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(10);
        }

        return true;
    }

    /// <summary>A raw TCP socket to <paramref name="endPoint"/>, for sending whatever bytes a test likes.</summary>
    public static async Task<Socket> RawConnectAsync(IPEndPoint endPoint)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(endPoint);
        return socket;
    }

    /// <summary>A raw socket that has passed the handshake, so what it sends next is read as message frames.</summary>
    public static async Task<Socket> RawHandshakenAsync(IPEndPoint endPoint, string identity = "raw")
    {
        var socket = await RawConnectAsync(endPoint);
        var stream = new NetworkStream(socket, ownsSocket: false);
        var reader = PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true));
        var writer = PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true));
        using var timeout = new CancellationTokenSource(Patience);
        await Handshake.InitiateAsync(reader, writer, Silo(identity), null, timeout.Token);

        // The handshake's reader may have buffered bytes past the last proof; the acceptor sends nothing more unprompted.
        return socket;
    }

    /// <summary>Whether the server closed <paramref name="socket"/> (read returns 0 or the socket resets) within <see cref="Patience"/>.</summary>
    public static async Task<bool> IsClosedByPeerAsync(Socket socket)
    {
        var buffer = new byte[64 * 1024];
        using var timeout = new CancellationTokenSource(Patience);
        try
        {
            while (true)
            {
                if (await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token) == 0)
                {
                    return true;
                }
            }
        }
        catch (SocketException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>One frame with a valid header, as the codec writes it.</summary>
    public static byte[] Frame(Message message, TransportOptions? options = null)
    {
        var pipe = new Pipe();
        var frameBytes = new MessageCodec(options ?? Options()).MeasureFrame(message);
        MessageCodec.Write(pipe.Writer, message, frameBytes);
        pipe.Writer.Complete();
        pipe.Reader.TryRead(out var result);
        var bytes = result.Buffer.ToArray();
        pipe.Reader.Complete();
        return bytes;
    }

    public static Message Request(long id, byte[] body, string method = "Echo") => new()
    {
        Kind = MessageKind.Request,
        CorrelationId = id,
        Target = new GrainId("echo", "1"),
        Interface = "BigDL.Orleans.Tests.IEcho",
        Method = method,
        Body = body,
    };
}

/// <summary>A client connection with a pending-request table: sends requests and awaits the matching responses.</summary>
internal sealed class EchoClient : IAsyncDisposable
{
    readonly PendingRequests pending = new();

    EchoClient()
    {
    }

    public Connection Connection { get; private set; } = null!; // set by ConnectAsync before anyone sees the client

    public int Pending => pending.Count;

    public static async Task<EchoClient> ConnectAsync(IPEndPoint endPoint, HandshakeCredentials? credentials = null, TransportOptions? options = null)
    {
        var client = new EchoClient();
        client.Connection = await Connection.ConnectAsync(
            endPoint,
            credentials ?? TransportHarness.Silo("client"),
            null,
            (message, _) =>
            {
                client.pending.TryComplete(message);
                return ValueTask.CompletedTask;
            },
            options ?? TransportHarness.Options(),
            ListLogger.Null,
            CancellationToken.None);
        client.Connection.ClosedToken.Register(() => client.pending.FailAll(new ConnectionClosedException("closed")));
        return client;
    }

    public Task<Message> CallAsync(byte[] body, string method = "Echo", MessageKind kind = MessageKind.Request)
    {
        var (id, response) = pending.Register();
        var request = TransportHarness.Request(id, body, method);
        Connection.Send(kind == MessageKind.Request ? request : new Message { Kind = kind, CorrelationId = id, Body = body });
        return response.WaitAsync(TransportHarness.Patience);
    }

    public Task<Message> CallAsync(ReadOnlyMemory<byte> body, IDisposable bodyOwner)
    {
        var (id, response) = pending.Register();
        Connection.Send(new Message { Kind = MessageKind.Request, CorrelationId = id, Body = body, BodyOwner = bodyOwner });
        return response.WaitAsync(TransportHarness.Patience);
    }

    public ValueTask DisposeAsync() => Connection.DisposeAsync();
}

/// <summary>A logger that keeps every line, to check what was logged (and that no secret was).</summary>
internal sealed class ListLogger : ILogger
{
    public static readonly ListLogger Null = new();

    public ConcurrentQueue<string> Lines { get; } = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!ReferenceEquals(this, Null))
        {
            Lines.Enqueue($"{logLevel}: {formatter(state, exception)}");
        }
    }
}
