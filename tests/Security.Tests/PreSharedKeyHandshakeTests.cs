using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics;
using System.IO.Pipelines;
using System.Security.Cryptography;
using System.Text;
using BigDL.Security.PreSharedKey;
using static BigDL.Security.PreSharedKey.PreSharedKeyHandshake;

namespace BigDL.Security.Tests;

/// <summary>The handshake alone, over in-memory pipes, against honest peers and against hand-made dishonest ones.</summary>
public sealed class PreSharedKeyHandshakeTests
{
    static readonly byte[] Key = Encoding.UTF8.GetBytes(PreSharedKeyClusterTests.ApiKey);
    static readonly byte[] OtherKey = Encoding.UTF8.GetBytes("another-key-0123456789abcdefghij");
    static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    static readonly byte[] WrongKeyRefusal = [.. "BDLR"u8, (byte)HandshakeFailure.WrongKey];

    [Fact]
    public async Task Peers_holding_the_same_key_authenticate_each_other()
    {
        var (initiator, acceptor) = Connected();

        await Task.WhenAll(
            InitiateAsync(initiator, PeerRole.Client, Key, Patience, CancellationToken.None),
            AcceptAsync(acceptor, PeerRole.Client, Key, Patience, CancellationToken.None));

        // Nothing of the handshake is left in either pipe for Orleans to trip over.
        await initiator.Output.WriteAsync("next"u8.ToArray());
        var read = await acceptor.Input.ReadAsync();
        Assert.Equal("next"u8.ToArray(), read.Buffer.ToArray());
    }

    [Fact]
    public async Task Peers_holding_different_keys_fail_and_the_initiator_learns_its_key_was_refused()
    {
        var (initiator, acceptor) = Connected();
        var accepting = AcceptAsync(acceptor, PeerRole.Silo, Key, Patience, CancellationToken.None);

        var refused = await Assert.ThrowsAsync<HandshakeException>(() => InitiateAsync(initiator, PeerRole.Silo, OtherKey, Patience, CancellationToken.None));
        await initiator.Output.CompleteAsync(); // Orleans closes the connection when the middleware throws.

        Assert.Equal(HandshakeFailure.WrongKey, refused.Failure);
        Assert.Contains("refused this side's key", refused.Message, StringComparison.Ordinal);
        Assert.Equal(HandshakeFailure.WrongKey, (await Assert.ThrowsAsync<HandshakeException>(() => accepting)).Failure);
    }

    [Fact]
    public async Task A_tampered_proof_is_refused_as_a_wrong_key()
    {
        var (initiator, acceptor) = Connected();
        var accepting = AcceptAsync(acceptor, PeerRole.Client, Key, Patience, CancellationToken.None);
        var helloI = BuildHello(PeerRole.Client);
        await WriteFrameAsync(initiator.Output, helloI, CancellationToken.None);
        var helloA = await ReadFrameAsync(initiator.Input, CancellationToken.None);
        var proof = InitiatorProof(Key, helloI, helloA);
        proof[^1] ^= 1;

        await WriteFrameAsync(initiator.Output, proof, CancellationToken.None);

        Assert.Equal(WrongKeyRefusal, await ReadFrameAsync(initiator.Input, CancellationToken.None));
        await initiator.Output.CompleteAsync();
        Assert.Equal(HandshakeFailure.WrongKey, (await Assert.ThrowsAsync<HandshakeException>(() => accepting)).Failure);
    }

    [Fact]
    public async Task A_recorded_handshake_replayed_on_a_new_connection_is_refused()
    {
        // An eavesdropper records a genuine initiator's hello and proof...
        var (genuine, firstAcceptor) = Connected();
        var firstAccept = AcceptAsync(firstAcceptor, PeerRole.Client, Key, Patience, CancellationToken.None);
        var recordedHello = BuildHello(PeerRole.Client);
        await WriteFrameAsync(genuine.Output, recordedHello, CancellationToken.None);
        var firstHelloA = await ReadFrameAsync(genuine.Input, CancellationToken.None);
        var recordedProof = InitiatorProof(Key, recordedHello, firstHelloA);
        await WriteFrameAsync(genuine.Output, recordedProof, CancellationToken.None);
        await firstAccept;

        // ...and replays both on a connection of its own: the acceptor's fresh nonce makes the old proof worthless.
        var (replayer, secondAcceptor) = Connected();
        var secondAccept = AcceptAsync(secondAcceptor, PeerRole.Client, Key, Patience, CancellationToken.None);
        await WriteFrameAsync(replayer.Output, recordedHello, CancellationToken.None);
        var secondHelloA = await ReadFrameAsync(replayer.Input, CancellationToken.None);
        await WriteFrameAsync(replayer.Output, recordedProof, CancellationToken.None);

        Assert.NotEqual(firstHelloA, secondHelloA);
        Assert.Equal(WrongKeyRefusal, await ReadFrameAsync(replayer.Input, CancellationToken.None));
        await replayer.Output.CompleteAsync();
        Assert.Equal(HandshakeFailure.WrongKey, (await Assert.ThrowsAsync<HandshakeException>(() => secondAccept)).Failure);
    }

    [Fact]
    public async Task An_impostor_gateway_that_cannot_prove_the_key_is_refused_by_the_client()
    {
        var (initiator, impostor) = Connected();
        var initiating = InitiateAsync(initiator, PeerRole.Client, Key, Patience, CancellationToken.None);
        await ReadFrameAsync(impostor.Input, CancellationToken.None);
        await WriteFrameAsync(impostor.Output, BuildHello(PeerRole.Client), CancellationToken.None);
        await ReadFrameAsync(impostor.Input, CancellationToken.None);

        await WriteFrameAsync(impostor.Output, [.. "BDLP"u8, .. RandomNumberGenerator.GetBytes(32)], CancellationToken.None);

        var refused = await Assert.ThrowsAsync<HandshakeException>(() => initiating);
        Assert.Equal(HandshakeFailure.WrongKey, refused.Failure);
        Assert.Contains("did not prove the key", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_acceptor_that_echoes_the_initiators_nonce_is_refused_before_any_proof_is_sent()
    {
        var (initiator, reflector) = Connected();
        var initiating = InitiateAsync(initiator, PeerRole.Client, Key, Patience, CancellationToken.None);

        await WriteFrameAsync(reflector.Output, await ReadFrameAsync(reflector.Input, CancellationToken.None), CancellationToken.None);

        Assert.Equal(HandshakeFailure.NotABigDLPeer, (await Assert.ThrowsAsync<HandshakeException>(() => initiating)).Failure);
        await initiator.Output.CompleteAsync();
        var rest = await reflector.Input.ReadAsync();
        Assert.True(rest.Buffer.IsEmpty, "the initiator sent a proof to a reflecting peer");
    }

    [Fact]
    public async Task An_oversize_frame_is_refused_without_reading_it()
    {
        var (sender, acceptor) = Connected();
        var accepting = AcceptAsync(acceptor, PeerRole.Silo, Key, Patience, CancellationToken.None);
        var prefix = new byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(prefix, 1 << 20);

        await sender.Output.WriteAsync(prefix);

        var refused = await Assert.ThrowsAsync<HandshakeException>(() => accepting);
        Assert.Equal(HandshakeFailure.NotABigDLPeer, refused.Failure);
        Assert.Contains($"over the {MaxFrameBytes}-byte limit", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_peer_that_never_answers_times_out()
    {
        var (initiator, _) = Connected();
        var timeout = TimeSpan.FromMilliseconds(300);
        var clock = Stopwatch.StartNew();

        var refused = await Assert.ThrowsAsync<HandshakeException>(() => InitiateAsync(initiator, PeerRole.Silo, Key, timeout, CancellationToken.None));

        Assert.Equal(HandshakeFailure.Timeout, refused.Failure);
        Assert.InRange(clock.Elapsed, timeout * 0.5, Patience);
    }

    [Fact]
    public async Task The_api_key_does_not_open_the_silo_port()
    {
        var (client, siloPort) = Connected();
        var accepting = AcceptAsync(siloPort, PeerRole.Silo, Key, Patience, CancellationToken.None);

        var refused = await Assert.ThrowsAsync<HandshakeException>(() => InitiateAsync(client, PeerRole.Client, Key, Patience, CancellationToken.None));
        await client.Output.CompleteAsync();

        Assert.Equal(HandshakeFailure.RoleNotAccepted, refused.Failure);
        Assert.Equal(HandshakeFailure.RoleNotAccepted, (await Assert.ThrowsAsync<HandshakeException>(() => accepting)).Failure);
    }

    static (IDuplexPipe Initiator, IDuplexPipe Acceptor) Connected()
    {
        var toAcceptor = new Pipe();
        var toInitiator = new Pipe();
        return (new Duplex(toInitiator.Reader, toAcceptor.Writer), new Duplex(toAcceptor.Reader, toInitiator.Writer));
    }

    sealed record Duplex(PipeReader Input, PipeWriter Output) : IDuplexPipe;
}
