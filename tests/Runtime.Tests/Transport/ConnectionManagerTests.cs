using System.Net;
using System.Net.Sockets;
using BigDL.Orleans.Transport;
using static BigDL.Orleans.Runtime.Tests.Transport.TransportHarness;

namespace BigDL.Orleans.Runtime.Tests.Transport;

public sealed class ConnectionManagerTests
{
    [Fact]
    public async Task Concurrent_requests_for_one_peer_share_one_connection()
    {
        await using var listener = Listen(credentials: Silo("silo-b"));
        await using var manager = new ConnectionManager(Options(), Silo("silo-a"), Echo(), ListLogger.Null);

        var connections = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => manager.GetConnectionAsync("silo-b", listener.LocalEndPoint))));

        Assert.All(connections, c => Assert.Same(connections[0], c));
        Assert.True(await WaitUntil(() => listener.Connections.Count == 1));
        Assert.Single(listener.Connections);
        Assert.Equal(1, manager.Count);
    }

    [Fact]
    public async Task A_lost_connection_is_replaced_on_the_next_request()
    {
        await using var listener = Listen(credentials: Silo("silo-b"));
        await using var manager = new ConnectionManager(Options(), Silo("silo-a"), Echo(), ListLogger.Null);
        var first = await manager.GetConnectionAsync("silo-b", listener.LocalEndPoint);
        Assert.True(await WaitUntil(() => listener.Connections.Count == 1));

        listener.Connections[0].Abort(CloseReason.Local, null);
        await first.Closed.WaitAsync(Patience);
        var second = await manager.GetConnectionAsync("silo-b", listener.LocalEndPoint);

        Assert.NotSame(first, second);
        Assert.False(second.IsClosed);
        Assert.True(manager.TryGetConnection("silo-b", out var current));
        Assert.Same(second, current);
    }

    [Fact]
    public async Task A_failed_connect_fails_every_waiter_and_leaves_no_entry_behind()
    {
        await using var manager = new ConnectionManager(Options(), Silo("silo-a"), Echo(), ListLogger.Null);
        var deadEndPoint = FreeEndPointNobodyListensOn();

        var attempts = Enumerable.Range(0, 5).Select(_ => manager.GetConnectionAsync("gone", deadEndPoint)).ToArray();

        foreach (var attempt in attempts)
        {
            await Assert.ThrowsAsync<SocketException>(() => attempt);
        }

        Assert.Equal(0, manager.Count);
    }

    [Fact]
    public async Task A_silo_reuses_the_connection_a_peer_opened_to_it()
    {
        await using var a = await SiloUnderTest.StartAsync("silo-a");
        await using var b = await SiloUnderTest.StartAsync("silo-b");

        var fromB = await b.Manager.GetConnectionAsync("silo-a", a.Listener.LocalEndPoint);
        Assert.True(await WaitUntil(() => a.Manager.TryGetConnection("silo-b", out _)));
        var fromA = await a.Manager.GetConnectionAsync("silo-b", b.Listener.LocalEndPoint);

        Assert.False(fromA.IsOutbound);
        Assert.Equal(fromB.LocalEndPoint, fromA.RemoteEndPoint);
        Assert.Single(a.Manager.Connections);
    }

    [Fact]
    public async Task A_peer_that_reconnects_replaces_its_old_inbound_connection()
    {
        await using var a = await SiloUnderTest.StartAsync("silo-a");
        await using var b = await SiloUnderTest.StartAsync("silo-b");
        var first = await b.Manager.GetConnectionAsync("silo-a", a.Listener.LocalEndPoint);
        Assert.True(await WaitUntil(() => a.Manager.TryGetConnection("silo-b", out _)));
        a.Manager.TryGetConnection("silo-b", out var oldInbound);

        // silo-b reconnects while silo-a still holds the first connection, as after a network blip only b noticed.
        await using var second = await Connection.ConnectAsync(a.Listener.LocalEndPoint, Silo("silo-b"), "silo-a", Echo(), Options(), ListLogger.Null, CancellationToken.None);

        var replaced = await WaitUntil(() => a.Manager.TryGetConnection("silo-b", out var now) && Equals(now!.RemoteEndPoint, second.LocalEndPoint));
        a.Manager.TryGetConnection("silo-b", out var current);
        Assert.True(replaced, $"silo-a still hands out {current} (remote {current?.RemoteEndPoint}), not the one from {second.LocalEndPoint}");
        Assert.Equal(CloseReason.Local, (await oldInbound!.Closed.WaitAsync(Patience)).Reason);
        await first.Closed.WaitAsync(Patience);
    }

    [Fact]
    public async Task Two_silos_connecting_to_each_other_at_once_converge_on_one_connection()
    {
        for (var round = 0; round < 5; round++)
        {
            await using var a = await SiloUnderTest.StartAsync("silo-a");
            await using var b = await SiloUnderTest.StartAsync("silo-b");

            await Task.WhenAll(
                Task.Run(() => a.Manager.GetConnectionAsync("silo-b", b.Listener.LocalEndPoint)),
                Task.Run(() => b.Manager.GetConnectionAsync("silo-a", a.Listener.LocalEndPoint)));

            // Both hand out the connection silo-a (the lower identity) opened, once both inbound sides are adopted.
            Assert.True(await WaitUntil(() =>
                a.Manager.TryGetConnection("silo-b", out var ab) && b.Manager.TryGetConnection("silo-a", out var ba) &&
                ab!.IsOutbound && !ba!.IsOutbound && Equals(ab.LocalEndPoint, ba.RemoteEndPoint)));
            a.Manager.TryGetConnection("silo-b", out var used);
            Assert.Equal([5], (await CallAsync(used!, [5])).Body.ToArray());
        }
    }

    static async Task<Message> CallAsync(Connection connection, byte[] body)
    {
        // Responses reach the silo's shared handler, which completes the waiter registered here under the correlation id.
        var pending = new TaskCompletionSource<Message>();
        SiloUnderTest.Responses[connection.Id] = pending;
        connection.Send(Request(connection.Id, body));
        return await pending.Task.WaitAsync(Patience);
    }

    static IPEndPoint FreeEndPointNobodyListensOn()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return (IPEndPoint)probe.LocalEndPoint!;
    }

    /// <summary>A listener and a connection manager wired together, as a silo will have them.</summary>
    sealed class SiloUnderTest : IAsyncDisposable
    {
        public static readonly System.Collections.Concurrent.ConcurrentDictionary<long, TaskCompletionSource<Message>> Responses = new();

        SiloUnderTest(ConnectionListener listener, ConnectionManager manager)
        {
            Listener = listener;
            Manager = manager;
        }

        public ConnectionListener Listener { get; }

        public ConnectionManager Manager { get; }

        public static Task<SiloUnderTest> StartAsync(string identity)
        {
            var credentials = Silo(identity);
            var handler = Handler;
            var manager = new ConnectionManager(Options(), credentials, handler, ListLogger.Null);
            var listener = Listen(handler, credentials: credentials);
            listener.ConnectionAccepted = manager.AddInbound;
            return Task.FromResult(new SiloUnderTest(listener, manager));
        }

        public async ValueTask DisposeAsync()
        {
            await Manager.DisposeAsync();
            await Listener.DisposeAsync();
        }

        static ValueTask Handler(Message message, Connection connection)
        {
            if (message.Kind == MessageKind.Response && Responses.TryRemove(message.CorrelationId, out var waiter))
            {
                waiter.TrySetResult(message);
                return ValueTask.CompletedTask;
            }

            return Echo()(message, connection);
        }
    }
}
