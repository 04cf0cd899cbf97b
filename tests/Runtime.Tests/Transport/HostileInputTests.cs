using System.Buffers.Binary;
using System.Net.Sockets;
using BigDL.Orleans.Transport;
using static BigDL.Orleans.Runtime.Tests.Transport.TransportHarness;

namespace BigDL.Orleans.Runtime.Tests.Transport;

public sealed class HostileInputTests
{
    [Fact]
    public async Task A_frame_over_the_limit_drops_only_its_connection()
    {
        var log = new ListLogger();
        await using var listener = Listen(logger: log);
        await using var bystander = await EchoClient.ConnectAsync(listener.LocalEndPoint);
        using var hostile = await RawHandshakenAsync(listener.LocalEndPoint);

        var prefix = new byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(prefix, TransportOptions.DefaultMaxFrameBytes + 1);
        await hostile.SendAsync(prefix);

        Assert.True(await IsClosedByPeerAsync(hostile));
        Assert.Contains(log.Lines, l => l.Contains("over the limit", StringComparison.Ordinal));
        Assert.Equal([1], (await bystander.CallAsync([1])).Body.ToArray());
        Assert.True(await WaitUntil(() => listener.Connections.Count == 1));
    }

    [Fact]
    public async Task Garbage_after_the_handshake_drops_the_connection()
    {
        await using var listener = Listen();
        await using var bystander = await EchoClient.ConnectAsync(listener.LocalEndPoint);
        using var hostile = await RawHandshakenAsync(listener.LocalEndPoint);

        // A plausible length, then a header with an unknown version.
        var garbage = new byte[100];
        new Random(1).NextBytes(garbage);
        BinaryPrimitives.WriteInt32LittleEndian(garbage, 96);
        garbage[4] = 0xEE;
        await hostile.SendAsync(garbage);

        Assert.True(await IsClosedByPeerAsync(hostile));
        Assert.Equal([2], (await bystander.CallAsync([2])).Body.ToArray());
    }

    [Fact]
    public async Task Garbage_instead_of_a_handshake_drops_the_connection()
    {
        await using var listener = Listen();
        using var hostile = await RawConnectAsync(listener.LocalEndPoint);

        await hostile.SendAsync("GET / HTTP/1.1\r\nHost: silo\r\n\r\n"u8.ToArray());

        Assert.True(await IsClosedByPeerAsync(hostile));
        Assert.True(await WaitUntil(() => listener.PendingHandshakes == 0));
        Assert.Empty(listener.Connections);
    }

    [Fact]
    public async Task A_peer_that_hangs_up_mid_frame_is_dropped_and_the_listener_keeps_serving()
    {
        await using var listener = Listen();
        using (var hostile = await RawHandshakenAsync(listener.LocalEndPoint))
        {
            var frame = Frame(Request(1, new byte[1000]));
            await hostile.SendAsync(frame.AsMemory(0, 500));
            Assert.True(await WaitUntil(() => listener.Connections.Count == 1));
            var connection = listener.Connections[0];
            hostile.Close();

            Assert.Equal(CloseReason.ProtocolViolation, (await connection.Closed.WaitAsync(Patience)).Reason);
        }

        await using var client = await EchoClient.ConnectAsync(listener.LocalEndPoint);
        Assert.Equal([3], (await client.CallAsync([3])).Body.ToArray());
    }

    [Fact]
    public async Task A_peer_that_hangs_up_in_the_middle_of_a_large_frame_is_dropped()
    {
        await using var listener = Listen();
        using var hostile = await RawHandshakenAsync(listener.LocalEndPoint);
        var frame = Frame(Request(1, new byte[1 << 20]));
        Assert.True(await WaitUntil(() => listener.Connections.Count == 1));
        var connection = listener.Connections[0];

        await hostile.SendAsync(frame.AsMemory(0, 300_000));
        hostile.Close();

        Assert.Equal(CloseReason.ProtocolViolation, (await connection.Closed.WaitAsync(Patience)).Reason);
        await using var client = await EchoClient.ConnectAsync(listener.LocalEndPoint);
        Assert.Equal([3], (await client.CallAsync([3])).Body.ToArray());
    }

    [Fact]
    public async Task A_request_for_an_unknown_method_can_be_answered_with_a_rejection_and_the_connection_keeps_serving()
    {
        await using var listener = Listen((message, connection) =>
        {
            connection.Send(message.Method == "Echo"
                ? message.CreateResponse(ResponseStatus.Ok, message.Body)
                : message.CreateRejection($"No method '{message.Method}' on {message.Interface}."));
            return ValueTask.CompletedTask;
        });
        await using var client = await EchoClient.ConnectAsync(listener.LocalEndPoint);

        var rejected = await client.CallAsync([1], method: "NoSuchMethod");

        Assert.Equal(ResponseStatus.Rejected, rejected.Status);
        Assert.Equal("No method 'NoSuchMethod' on BigDL.Orleans.Tests.IEcho.", rejected.RejectionReason);
        Assert.Equal([5], (await client.CallAsync([5])).Body.ToArray());
    }

    [Fact]
    public async Task A_handler_that_throws_does_not_close_the_connection()
    {
        var calls = 0;
        await using var listener = Listen((message, connection) =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                throw new InvalidOperationException("handler bug");
            }

            connection.Send(message.CreateResponse(ResponseStatus.Ok, message.Body));
            return ValueTask.CompletedTask;
        });
        await using var client = await EchoClient.ConnectAsync(listener.LocalEndPoint);

        client.Connection.Send(new Message { Kind = MessageKind.OneWayRequest });

        Assert.Equal([4], (await client.CallAsync([4])).Body.ToArray());
        Assert.Equal(2, Volatile.Read(ref calls));
    }

    [Fact]
    public async Task Handshakes_over_the_pending_limit_are_dropped_at_once()
    {
        await using var listener = Listen(options: Options(o => (o.MaxPendingHandshakes, o.HandshakeTimeout) = (2, TimeSpan.FromSeconds(30))));
        using var first = await RawConnectAsync(listener.LocalEndPoint);
        using var second = await RawConnectAsync(listener.LocalEndPoint);
        Assert.True(await WaitUntil(() => listener.PendingHandshakes == 2));

        using var third = await RawConnectAsync(listener.LocalEndPoint);

        Assert.True(await IsClosedByPeerAsync(third));
        Assert.Equal(2, listener.PendingHandshakes);
    }
}
