using System.Collections.Concurrent;
using System.Net.Sockets;
using BigDL.Orleans.Serialization;
using BigDL.Orleans.Transport;
using static BigDL.Orleans.Runtime.Tests.Transport.TransportHarness;

namespace BigDL.Orleans.Runtime.Tests.Transport;

public sealed class MessagingTests
{
    [Fact]
    public async Task Many_concurrent_requests_on_one_connection_each_get_their_own_response()
    {
        await using var listener = Listen();
        await using var client = await EchoClient.ConnectAsync(listener.LocalEndPoint);

        var callers = Enumerable.Range(0, 32).Select(caller => Task.Run(async () =>
        {
            for (var i = 0; i < 200; i++)
            {
                var body = BitConverter.GetBytes((caller * 1000) + i);
                var response = await client.CallAsync(body);
                Assert.Equal(body, response.Body.ToArray());
            }
        }));
        await Task.WhenAll(callers);

        Assert.Single(listener.Connections);
        Assert.Equal(0, client.Pending);
    }

    [Fact]
    public async Task Every_header_field_survives_the_wire()
    {
        var received = new ConcurrentQueue<Message>();
        await using var listener = Listen(Echo(received));
        await using var client = await EchoClient.ConnectAsync(listener.LocalEndPoint);
        var sent = new Message
        {
            Kind = MessageKind.OneWayRequest,
            CorrelationId = long.MinValue + 7,
            Status = ResponseStatus.Rejected,
            Target = new GrainId("trial", "ünïcode-key"),
            Sender = new GrainId("experiment", "mnist"),
            Interface = "BigDL.Orleans.ITrialGrain",
            Method = "Report",
            TargetSilo = "127.0.0.1:11111@1",
            SenderSilo = "127.0.0.1:22222@3",
            DeadlineUnixMs = 1_900_000_000_000,
            CallChain = [new GrainId("a", "1"), new GrainId("b", "2")],
            Body = new byte[] { 5, 6 },
        };

        client.Connection.Send(sent);

        Assert.True(await WaitUntil(() => !received.IsEmpty));
        var got = Assert.Single(received);
        Assert.Equal((sent.Kind, sent.CorrelationId, sent.Status, sent.Target, sent.Sender), (got.Kind, got.CorrelationId, got.Status, got.Target, got.Sender));
        Assert.Equal((sent.Interface, sent.Method, sent.TargetSilo, sent.SenderSilo, sent.DeadlineUnixMs), (got.Interface, got.Method, got.TargetSilo, got.SenderSilo, got.DeadlineUnixMs));
        Assert.Equal(sent.CallChain, got.CallChain);
        Assert.Equal(sent.Body.ToArray(), got.Body.ToArray());
    }

    [Fact]
    public async Task A_4_MB_float_array_argument_arrives_intact()
    {
        await using var listener = Listen();
        await using var client = await EchoClient.ConnectAsync(listener.LocalEndPoint);
        var random = new Random(42);
        var floats = Enumerable.Range(0, 1 << 20).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
        var serializer = new BinarySerializer();
        var body = serializer.SerializeToArray(floats);

        var response = await client.CallAsync(body);

        Assert.InRange(body.Length, 4 << 20, (4 << 20) + 64); // raw bytes plus a small header, not a per-element encoding
        Assert.Equal(floats, serializer.Deserialize<float[]>(response.Body));
    }

    [Fact]
    public async Task Ten_thousand_small_messages_arrive_in_order_in_fewer_batches_than_messages()
    {
        const int count = 10_000;
        var received = new ConcurrentQueue<Message>();
        await using var listener = Listen(Echo(received));
        await using var client = await EchoClient.ConnectAsync(listener.LocalEndPoint);

        for (var i = 0; i < count; i++)
        {
            client.Connection.Send(new Message { Kind = MessageKind.OneWayRequest, CorrelationId = i, Body = BitConverter.GetBytes(i) });
        }

        Assert.True(await WaitUntil(() => received.Count == count));
        Assert.Equal(Enumerable.Range(0, count).Select(i => (long)i), received.Select(m => m.CorrelationId));
        Assert.All(received, m => Assert.Equal(m.CorrelationId, BitConverter.ToInt32(m.Body.Span)));
        Assert.InRange(client.Connection.Batches, 1, (count / 2) - 1);
    }

    [Fact]
    public async Task Large_and_small_messages_interleaved_arrive_in_order_and_intact()
    {
        var received = new ConcurrentQueue<Message>();
        await using var listener = Listen(Echo(received));
        await using var client = await EchoClient.ConnectAsync(listener.LocalEndPoint);
        var random = new Random(7);
        var bodies = Enumerable.Range(0, 40).Select(i => new byte[i % 3 == 0 ? random.Next(64 * 1024, 3 << 20) : random.Next(0, 2000)]).ToArray();
        foreach (var body in bodies)
        {
            random.NextBytes(body);
        }

        for (var i = 0; i < bodies.Length; i++)
        {
            client.Connection.Send(new Message { Kind = MessageKind.OneWayRequest, CorrelationId = i, Body = bodies[i] });
        }

        Assert.True(await WaitUntil(() => received.Count == bodies.Length));
        var messages = received.ToArray();
        for (var i = 0; i < bodies.Length; i++)
        {
            Assert.Equal(i, messages[i].CorrelationId);
            Assert.True(bodies[i].AsSpan().SequenceEqual(messages[i].Body.Span), $"body {i} ({bodies[i].Length} bytes) differs");
            Assert.Equal(bodies[i].Length >= 64 * 1024, messages[i].BodyOwner is not null); // big bodies arrive in pooled buffers
            messages[i].BodyOwner?.Dispose();
        }
    }

    [Fact]
    public async Task A_body_owner_is_released_once_its_message_is_written()
    {
        await using var listener = Listen();
        await using var client = await EchoClient.ConnectAsync(listener.LocalEndPoint);
        var small = new Owner();
        var large = new Owner();

        client.Connection.Send(new Message { Kind = MessageKind.OneWayRequest, Body = new byte[10], BodyOwner = small });
        client.Connection.Send(new Message { Kind = MessageKind.OneWayRequest, Body = new byte[1 << 20], BodyOwner = large });

        Assert.True(await WaitUntil(() => small.Disposed && large.Disposed));
    }

    [Fact]
    public async Task A_body_serialized_into_a_pooled_writer_arrives_intact_and_the_writer_is_released()
    {
        await using var listener = Listen();
        await using var client = await EchoClient.ConnectAsync(listener.LocalEndPoint);
        var values = Enumerable.Range(0, 100_000).Select(i => i * 0.25f).ToArray();
        var serializer = new BinarySerializer();
        var writer = new PooledBufferWriter(16); // starts small, so serializing has to grow it several times
        serializer.Serialize(values, writer);

        var response = await client.CallAsync(writer.WrittenMemory, writer);

        Assert.Equal(values, serializer.Deserialize<float[]>(response.Body));
        Assert.True(await WaitUntil(() => writer.WrittenCount == 0)); // disposed by the connection after the write
    }

    [Fact]
    public async Task A_message_over_the_frame_limit_is_refused_at_its_sender()
    {
        var options = Options(o => o.MaxFrameBytes = TransportOptions.MinimumMaxFrameBytes);
        await using var listener = Listen(options: options);
        await using var client = await EchoClient.ConnectAsync(listener.LocalEndPoint, options: options);

        Assert.Throws<ArgumentException>(() => client.Connection.Send(Request(1, new byte[TransportOptions.MinimumMaxFrameBytes])));
        Assert.Throws<ArgumentException>(() => client.Connection.Send(new Message { Kind = MessageKind.Request, Method = new string('m', 5000) }));

        Assert.Equal([7], (await client.CallAsync([7])).Body.ToArray());
    }

    [Fact]
    public async Task Pings_are_answered_with_pongs_and_the_connection_survives_idle_periods_on_keep_alives()
    {
        // The idle timeout is 15 keep-alive intervals: room for the timer hiccups of a busy 2-core test machine.
        var options = Options(o => (o.KeepAliveInterval, o.IdleTimeout) = (TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(1500)));
        await using var listener = Listen(options: options);
        await using var client = await EchoClient.ConnectAsync(listener.LocalEndPoint, options: options);

        // Over two idle timeouts with no traffic but keep-alives: a dead-peer detector that ignored them would close.
        var closedEarly = await Task.WhenAny(client.Connection.Closed, Task.Delay(TimeSpan.FromSeconds(3.5)));
        Assert.False(closedEarly == client.Connection.Closed, $"closed early: {(closedEarly == client.Connection.Closed ? await client.Connection.Closed : null)}");

        var pong = await client.CallAsync([], kind: MessageKind.Ping);

        Assert.Equal(MessageKind.Pong, pong.Kind);
        Assert.False(client.Connection.IsClosed);
    }

    [Fact]
    public async Task A_peer_that_goes_silent_is_declared_dead_after_the_idle_timeout()
    {
        var options = Options(o => (o.KeepAliveInterval, o.IdleTimeout) = (TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(400)));
        await using var listener = Listen(options: options);

        // A raw peer passes the handshake and then sends nothing, not even keep-alives: a hung process.
        using var raw = await RawHandshakenAsync(listener.LocalEndPoint);
        Assert.True(await WaitUntil(() => listener.Connections.Count == 1));
        var connection = listener.Connections[0];

        var info = await connection.Closed.WaitAsync(Patience);

        Assert.Equal(CloseReason.IdleTimeout, info.Reason);
    }

    sealed class Owner : IDisposable
    {
        public bool Disposed { get; private set; }

        public void Dispose() => Disposed = true;
    }
}
