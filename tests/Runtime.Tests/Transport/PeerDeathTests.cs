using System.Diagnostics;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using BigDL.Orleans.Transport;
using static BigDL.Orleans.Runtime.Tests.Transport.TransportHarness;

namespace BigDL.Orleans.Runtime.Tests.Transport;

public sealed class PeerDeathTests
{
    [Fact]
    public async Task Calls_in_flight_fail_fast_when_the_peer_process_dies()
    {
        // A fake silo that passes the handshake, takes a request, and then dies: its socket is reset, as when a process is killed.
        using var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        server.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        server.Listen();
        var requestArrived = new TaskCompletionSource();
        var dies = new TaskCompletionSource();
        var fakeSilo = Task.Run(async () =>
        {
            using var socket = await server.AcceptAsync();
            var stream = new NetworkStream(socket, ownsSocket: false);
            var reader = PipeReader.Create(stream);
            await Handshake.AcceptAsync(reader, PipeWriter.Create(stream), Silo("doomed"), CancellationToken.None);
            await reader.ReadAsync();
            requestArrived.SetResult();
            await dies.Task;
            socket.LingerState = new LingerOption(true, 0); // close with RST, no FIN: what a killed process leaves
            socket.Close();
        });
        await using var client = await EchoClient.ConnectAsync((IPEndPoint)server.LocalEndPoint!);
        var call = client.CallAsync([1]);
        await requestArrived.Task.WaitAsync(Patience);

        var clock = Stopwatch.StartNew();
        dies.SetResult();
        var info = await client.Connection.Closed.WaitAsync(Patience);

        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(5));
        Assert.Contains(info.Reason, new[] { CloseReason.SocketError, CloseReason.PeerClosed });
        await Assert.ThrowsAsync<ConnectionClosedException>(() => call);
        Assert.True(client.Connection.ClosedToken.IsCancellationRequested);
        Assert.False(client.Connection.TrySend(Request(2, [])));
        await fakeSilo.WaitAsync(Patience);
    }

    [Fact]
    public async Task A_listener_shutting_down_is_seen_by_its_clients_as_the_peer_closing()
    {
        var listener = Listen();
        await using var client = await EchoClient.ConnectAsync(listener.LocalEndPoint);
        var hanging = client.CallAsync([1], method: "hang");
        Assert.True(await WaitUntil(() => listener.Connections.Count == 1));

        await listener.DisposeAsync();

        var info = await client.Connection.Closed.WaitAsync(Patience);
        Assert.Contains(info.Reason, new[] { CloseReason.SocketError, CloseReason.PeerClosed });
        await Assert.ThrowsAsync<ConnectionClosedException>(() => hanging);
    }

    [Fact]
    public async Task A_graceful_close_delivers_what_was_queued_before_it()
    {
        var received = new System.Collections.Concurrent.ConcurrentQueue<Message>();
        await using var listener = Listen(Echo(received));
        var client = await EchoClient.ConnectAsync(listener.LocalEndPoint);
        for (var i = 0; i < 1000; i++)
        {
            client.Connection.Send(new Message { Kind = MessageKind.OneWayRequest, CorrelationId = i });
        }

        await client.Connection.CloseAsync(Patience);

        Assert.True(await WaitUntil(() => received.Count == 1000));
        Assert.Equal(CloseReason.Local, (await client.Connection.Closed).Reason);
        Assert.Throws<ConnectionClosedException>(() => client.Connection.Send(Request(1, [])));
        await client.DisposeAsync();
    }
}
