using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Security.Cryptography;

namespace BigDL.Security.PreSharedKey;

/// <summary>The mutual challenge–response that opens a connection before Orleans reads a byte of it.</summary>
/// <remarks>
/// Every frame is a 4-byte little-endian length and at most <see cref="MaxFrameBytes"/> bytes of payload:
/// <list type="number">
/// <item>initiator → acceptor: Hello_I = <c>"BDLH", u8 version, u8 role, 32-byte random nonce</c>;</item>
/// <item>acceptor → initiator: Hello_A, the same layout with its own nonce (or a refusal if it does not accept the role);</item>
/// <item>initiator → acceptor: <c>"BDLP"</c> + HMAC-SHA256(key, label ‖ "initiator" ‖ Hello_I ‖ Hello_A);</item>
/// <item>acceptor compares in constant time, then → initiator: <c>"BDLP"</c> + HMAC-SHA256(key, label ‖ "acceptor" ‖ Hello_I ‖ Hello_A),
/// or a refusal <c>"BDLR", u8 reason</c> and hangs up;</item>
/// <item>initiator compares; only then does either side hand the connection to Orleans.</item>
/// </list>
/// Both fresh nonces in the transcript make a recorded handshake useless later (no replay); the direction word stops a
/// proof from being reflected back; the role in the hello ties an API key to clients and the cluster secret to silos.
/// The acceptor proves nothing before the initiator has, so a stranger learns no MAC of the key to attack offline.
/// This authenticates, it does not encrypt: use <c>UseMutualTls</c> where the network is not trusted.
/// </remarks>
internal static class PreSharedKeyHandshake
{
    /// <summary>The largest frame either side reads; a hello is 38 bytes, so anything bigger is not this protocol.</summary>
    public const int MaxFrameBytes = 64;

    public const int NonceBytes = 32;
    public const byte Version = 1;
    const int LengthPrefixBytes = 4;
    const int HelloBytes = 4 + 1 + 1 + NonceBytes;
    static readonly byte[] HelloMagic = "BDLH"u8.ToArray();
    static readonly byte[] ProofMagic = "BDLP"u8.ToArray();
    static readonly byte[] RefusalMagic = "BDLR"u8.ToArray();
    static readonly byte[] Label = "BigDL.Orleans pre-shared-key handshake v1"u8.ToArray();
    static readonly byte[] InitiatorWord = "initiator"u8.ToArray();
    static readonly byte[] AcceptorWord = "acceptor"u8.ToArray();

    /// <summary>Proves <paramref name="key"/> to the acceptor and checks that it proves the same key back.</summary>
    /// <exception cref="HandshakeException">The acceptor refused, did not prove the key, or did not answer in time.</exception>
    public static Task InitiateAsync(IDuplexPipe transport, PeerRole role, byte[] key, TimeSpan timeout, CancellationToken cancellationToken) =>
        WithTimeout(timeout, async ct =>
        {
            var helloI = BuildHello(role);
            await WriteFrameAsync(transport.Output, helloI, ct).ConfigureAwait(false);
            var helloA = await ReadFrameAsync(transport.Input, ct).ConfigureAwait(false);
            ThrowIfRefusal(helloA);
            var (acceptorRole, acceptorNonce) = ParseHello(helloA);
            if (acceptorRole != role)
            {
                throw new HandshakeException(HandshakeFailure.NotABigDLPeer, $"the acceptor answered a {role} hello with a {acceptorRole} hello");
            }

            // A peer that echoes our nonce is reflecting our own hello at us, not taking part.
            if (acceptorNonce.Span.SequenceEqual(helloI.AsSpan(6, NonceBytes)))
            {
                throw new HandshakeException(HandshakeFailure.NotABigDLPeer, "the acceptor echoed this side's nonce");
            }

            await WriteFrameAsync(transport.Output, Proof(key, InitiatorWord, helloI, helloA), ct).ConfigureAwait(false);
            var proof = await ReadFrameAsync(transport.Input, ct).ConfigureAwait(false);
            ThrowIfRefusal(proof);
            if (!IsValidProof(proof, Proof(key, AcceptorWord, helloI, helloA)))
            {
                throw new HandshakeException(HandshakeFailure.WrongKey, "the acceptor did not prove the key: it holds another one, or is not who it claims to be");
            }
        }, cancellationToken);

    /// <summary>Checks that the initiator proves <paramref name="key"/> for <paramref name="acceptedRole"/>, then proves it back.</summary>
    /// <exception cref="HandshakeException">The initiator is not a peer, claims another role, proves another key, or is too slow.</exception>
    public static Task AcceptAsync(IDuplexPipe transport, PeerRole acceptedRole, byte[] key, TimeSpan timeout, CancellationToken cancellationToken) =>
        WithTimeout(timeout, async ct =>
        {
            var helloI = await ReadFrameAsync(transport.Input, ct).ConfigureAwait(false);
            var (role, _) = ParseHello(helloI);
            if (role != acceptedRole)
            {
                await RefuseAsync(transport, HandshakeFailure.RoleNotAccepted, ct).ConfigureAwait(false);
                throw new HandshakeException(HandshakeFailure.RoleNotAccepted, $"the peer claims to be a {role}, but this endpoint accepts only a {acceptedRole}");
            }

            var helloA = BuildHello(acceptedRole);
            await WriteFrameAsync(transport.Output, helloA, ct).ConfigureAwait(false);
            var proof = await ReadFrameAsync(transport.Input, ct).ConfigureAwait(false);
            if (!IsValidProof(proof, Proof(key, InitiatorWord, helloI, helloA)))
            {
                await RefuseAsync(transport, HandshakeFailure.WrongKey, ct).ConfigureAwait(false);
                throw new HandshakeException(HandshakeFailure.WrongKey, "the peer did not prove the key: it holds another one");
            }

            await WriteFrameAsync(transport.Output, Proof(key, AcceptorWord, helloI, helloA), ct).ConfigureAwait(false);
        }, cancellationToken);

    /// <summary>Builds a hello with a fresh random nonce.</summary>
    internal static byte[] BuildHello(PeerRole role)
    {
        var hello = new byte[HelloBytes];
        HelloMagic.CopyTo(hello, 0);
        hello[4] = Version;
        hello[5] = (byte)role;
        RandomNumberGenerator.Fill(hello.AsSpan(6, NonceBytes));
        return hello;
    }

    /// <summary>The proof one side sends: the key's MAC over the label, its direction and both hellos.</summary>
    internal static byte[] Proof(byte[] key, byte[] direction, byte[] helloI, byte[] helloA)
    {
        var transcript = new byte[Label.Length + direction.Length + helloI.Length + helloA.Length];
        var at = 0;
        foreach (var part in (ReadOnlySpan<byte[]>)[Label, direction, helloI, helloA])
        {
            part.CopyTo(transcript, at);
            at += part.Length;
        }

        var proof = new byte[ProofMagic.Length + HMACSHA256.HashSizeInBytes];
        ProofMagic.CopyTo(proof, 0);
        HMACSHA256.HashData(key, transcript, proof.AsSpan(ProofMagic.Length));
        return proof;
    }

    internal static byte[] InitiatorProof(byte[] key, byte[] helloI, byte[] helloA) => Proof(key, InitiatorWord, helloI, helloA);

    static (PeerRole Role, ReadOnlyMemory<byte> Nonce) ParseHello(byte[] hello)
    {
        if (hello.Length != HelloBytes || !hello.AsSpan(0, 4).SequenceEqual(HelloMagic))
        {
            throw new HandshakeException(HandshakeFailure.NotABigDLPeer, "its first frame is not a handshake hello");
        }

        if (hello[4] != Version)
        {
            throw new HandshakeException(HandshakeFailure.NotABigDLPeer, $"it speaks handshake version {hello[4]}, this side speaks {Version}");
        }

        var role = (PeerRole)hello[5];
        if (!Enum.IsDefined(role))
        {
            throw new HandshakeException(HandshakeFailure.NotABigDLPeer, $"its hello claims an unknown role {hello[5]}");
        }

        return (role, hello.AsMemory(6, NonceBytes));
    }

    static void ThrowIfRefusal(byte[] frame)
    {
        if (frame.Length == RefusalMagic.Length + 1 && frame.AsSpan(0, 4).SequenceEqual(RefusalMagic))
        {
            var reason = (HandshakeFailure)frame[4];
            throw new HandshakeException(reason, reason switch
            {
                HandshakeFailure.WrongKey => "the acceptor refused this side's key: the two hold different keys",
                HandshakeFailure.RoleNotAccepted => "the acceptor does not accept this side's role on that endpoint",
                _ => $"the acceptor refused the handshake ({reason})",
            })
            { RefusedByPeer = true };
        }
    }

    // FixedTimeEquals: a compare that stops at the first differing byte would let a peer find a valid MAC byte by byte.
    static bool IsValidProof(byte[] received, byte[] expected) =>
        received.Length == expected.Length && CryptographicOperations.FixedTimeEquals(received, expected);

    static async Task RefuseAsync(IDuplexPipe transport, HandshakeFailure reason, CancellationToken cancellationToken)
    {
        try
        {
            await WriteFrameAsync(transport.Output, [.. RefusalMagic, (byte)reason], cancellationToken).ConfigureAwait(false);

            // Closing at once could drop the refusal still queued in the socket; the peer hangs up as soon as it reads it,
            // and one that does not is cut off at the handshake deadline.
            while (true)
            {
                var read = await transport.Input.ReadAsync(cancellationToken).ConfigureAwait(false);
                transport.Input.AdvanceTo(read.Buffer.End);
                if (read.IsCompleted || read.IsCanceled)
                {
                    break;
                }
            }
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or ObjectDisposedException or OperationCanceledException)
        {
            // The refusal is a courtesy so the other side can say why; a peer that already hung up does not need it.
        }
    }

    internal static async ValueTask WriteFrameAsync(PipeWriter writer, byte[] payload, CancellationToken cancellationToken)
    {
        var span = writer.GetSpan(LengthPrefixBytes + payload.Length);
        BinaryPrimitives.WriteInt32LittleEndian(span, payload.Length);
        payload.CopyTo(span[LengthPrefixBytes..]);
        writer.Advance(LengthPrefixBytes + payload.Length);
        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    internal static async ValueTask<byte[]> ReadFrameAsync(PipeReader reader, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (buffer.Length >= LengthPrefixBytes)
            {
                var length = ReadLength(buffer);
                if (length > MaxFrameBytes)
                {
                    reader.AdvanceTo(buffer.Start);
                    throw new HandshakeException(HandshakeFailure.NotABigDLPeer, $"it sent a frame of {length} bytes, over the {MaxFrameBytes}-byte limit");
                }

                if (buffer.Length >= LengthPrefixBytes + length)
                {
                    var payload = buffer.Slice(LengthPrefixBytes, length).ToArray();
                    reader.AdvanceTo(buffer.GetPosition(LengthPrefixBytes + length));
                    return payload;
                }
            }

            if (result.IsCompleted || result.IsCanceled)
            {
                reader.AdvanceTo(buffer.Start, buffer.End);
                throw new HandshakeException(HandshakeFailure.Closed, "the connection closed during the handshake");
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    static uint ReadLength(in ReadOnlySequence<byte> buffer)
    {
        Span<byte> prefix = stackalloc byte[LengthPrefixBytes];
        buffer.Slice(0, LengthPrefixBytes).CopyTo(prefix);
        return BinaryPrimitives.ReadUInt32LittleEndian(prefix);
    }

    static async Task WithTimeout(TimeSpan timeout, Func<CancellationToken, Task> handshake, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await handshake(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new HandshakeException(HandshakeFailure.Timeout, $"the handshake did not finish within {timeout.TotalSeconds:0.###} s", e);
        }
    }
}
