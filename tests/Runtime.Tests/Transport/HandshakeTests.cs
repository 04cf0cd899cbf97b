using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;
using System.Security.Cryptography;
using BigDL.Orleans.Transport;
using static BigDL.Orleans.Runtime.Tests.Transport.TransportHarness;

namespace BigDL.Orleans.Runtime.Tests.Transport;

public sealed class HandshakeTests
{
    [Fact]
    public async Task Silos_sharing_the_cluster_secret_connect_and_learn_each_others_identity()
    {
        await using var listener = Listen(credentials: Silo("silo-a"));
        await using var client = await EchoClient.ConnectAsync(listener.LocalEndPoint, Silo("silo-b"));

        Assert.Equal(new PeerInfo("silo-a", PeerRole.Silo), client.Connection.Peer);
        Assert.True(await WaitUntil(() => listener.Connections.Count == 1));
        Assert.Equal(new PeerInfo("silo-b", PeerRole.Silo), listener.Connections[0].Peer);
        var response = await client.CallAsync([1, 2, 3]);
        Assert.Equal([1, 2, 3], response.Body.ToArray());
    }

    [Fact]
    public async Task A_peer_with_the_wrong_secret_is_refused_and_none_of_its_messages_is_delivered()
    {
        var received = new ConcurrentQueue<Message>();
        var log = new ListLogger();
        await using var listener = Listen(Echo(received), logger: log);

        // The listener hangs up without saying why, so the intruder learns nothing it could work with.
        await Assert.ThrowsAsync<HandshakeException>(() => EchoClient.ConnectAsync(listener.LocalEndPoint, Silo("intruder", OtherSecret)));

        Assert.True(await WaitUntil(() => log.Lines.Any(l => l.Contains("handshake", StringComparison.OrdinalIgnoreCase) && l.Contains("did not prove", StringComparison.Ordinal))));
        Assert.Empty(listener.Connections);
        Assert.Empty(received);
        Assert.DoesNotContain(log.Lines, l => l.Contains(Convert.ToHexString(ClusterSecret), StringComparison.OrdinalIgnoreCase) || l.Contains(Convert.ToBase64String(ClusterSecret), StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_client_refuses_a_listener_that_cannot_prove_the_secret()
    {
        // A fake acceptor: answers the hello properly but sends a made-up proof, as an impostor silo would.
        using var server = new Socket(System.Net.Sockets.AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        server.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        server.Listen();
        var impostor = Task.Run(async () =>
        {
            using var socket = await server.AcceptAsync();
            await ReadFrameAsync(socket); // hello
            await SendFrameAsync(socket, FakeHello("impostor"));
            await ReadFrameAsync(socket); // the client's proof
            await SendFrameAsync(socket, [.. "BDLP"u8, .. RandomNumberGenerator.GetBytes(32)]);
            return await ReadFrameAsync(socket); // what the client sends next: nothing, it hangs up
        });

        var refused = await Assert.ThrowsAsync<HandshakeException>(() => EchoClient.ConnectAsync((System.Net.IPEndPoint)server.LocalEndPoint!));

        Assert.Contains("did not prove", refused.Message, StringComparison.Ordinal);
        Assert.Null(await impostor.WaitAsync(Patience));
    }

    [Fact]
    public async Task A_peer_that_never_handshakes_is_dropped_after_the_handshake_timeout()
    {
        var timeout = TimeSpan.FromMilliseconds(300);
        await using var listener = Listen(options: Options(o => o.HandshakeTimeout = timeout));
        using var silent = await RawConnectAsync(listener.LocalEndPoint);
        var clock = Stopwatch.StartNew();

        Assert.True(await IsClosedByPeerAsync(silent));
        Assert.InRange(clock.Elapsed, timeout * 0.5, Patience);
        Assert.True(await WaitUntil(() => listener.PendingHandshakes == 0));
        Assert.Empty(listener.Connections);
    }

    [Fact]
    public async Task A_gateway_accepts_clients_with_the_api_key_and_refuses_silo_claims_without_the_cluster_secret()
    {
        var apiKey = RandomNumberGenerator.GetBytes(32);
        var gateway = new HandshakeCredentials("gateway", PeerRole.Silo, ClusterSecret, new Dictionary<PeerRole, byte[]> { [PeerRole.Silo] = ClusterSecret, [PeerRole.Client] = apiKey });
        await using var listener = Listen(credentials: gateway);

        await using var client = await EchoClient.ConnectAsync(listener.LocalEndPoint, new HandshakeCredentials("client-1", PeerRole.Client, apiKey));
        Assert.Equal([9], (await client.CallAsync([9])).Body.ToArray());
        Assert.True(await WaitUntil(() => listener.Connections.Any(c => c.Peer == new PeerInfo("client-1", PeerRole.Client))));

        // The API key proves a client, not a silo: a peer claiming to be a silo with it is refused.
        await Assert.ThrowsAsync<HandshakeException>(() => EchoClient.ConnectAsync(listener.LocalEndPoint, new HandshakeCredentials("fake-silo", PeerRole.Silo, apiKey)));
    }

    [Fact]
    public async Task A_role_the_listener_does_not_accept_is_refused()
    {
        await using var listener = Listen(credentials: Silo("silo-only"));

        await Assert.ThrowsAsync<HandshakeException>(() => EchoClient.ConnectAsync(listener.LocalEndPoint, new HandshakeCredentials("client-1", PeerRole.Client, ClusterSecret)));

        Assert.Empty(listener.Connections);
    }

    [Fact]
    public async Task Connecting_to_a_silo_that_is_not_the_expected_incarnation_fails()
    {
        await using var listener = Listen(credentials: Silo("127.0.0.1:1@2"));

        var wrong = await Assert.ThrowsAsync<HandshakeException>(() => Connection.ConnectAsync(
            listener.LocalEndPoint, Silo("me"), "127.0.0.1:1@1", Echo(), Options(), ListLogger.Null, CancellationToken.None));

        Assert.Contains("127.0.0.1:1@2", wrong.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Credentials_refuse_short_secrets_and_never_print_theirs()
    {
        Assert.Throws<ArgumentException>(() => new HandshakeCredentials("me", PeerRole.Silo, new byte[8]));
        Assert.Equal("Silo me", Silo("me").ToString());
    }

    static byte[] FakeHello(string identity)
    {
        var id = System.Text.Encoding.UTF8.GetBytes(identity);
        var hello = new byte[8 + 32 + id.Length];
        "BDLH"u8.CopyTo(hello);
        hello[4] = 1;
        hello[5] = (byte)PeerRole.Silo;
        BinaryPrimitives.WriteUInt16LittleEndian(hello.AsSpan(38), (ushort)id.Length);
        id.CopyTo(hello, 40);
        return hello;
    }

    static async Task SendFrameAsync(Socket socket, byte[] payload)
    {
        var frame = new byte[4 + payload.Length];
        BinaryPrimitives.WriteInt32LittleEndian(frame, payload.Length);
        payload.CopyTo(frame, 4);
        await socket.SendAsync(frame);
    }

    static async Task<byte[]?> ReadFrameAsync(Socket socket)
    {
        var prefix = new byte[4];
        if (!await ReadExactlyAsync(socket, prefix))
        {
            return null;
        }

        var payload = new byte[BinaryPrimitives.ReadInt32LittleEndian(prefix)];
        return await ReadExactlyAsync(socket, payload) ? payload : null;
    }

    static async Task<bool> ReadExactlyAsync(Socket socket, byte[] buffer)
    {
        for (var at = 0; at < buffer.Length;)
        {
            int n;
            try
            {
                n = await socket.ReceiveAsync(buffer.AsMemory(at), SocketFlags.None);
            }
            catch (SocketException)
            {
                return false;
            }

            if (n == 0)
            {
                return false;
            }

            at += n;
        }

        return true;
    }
}
