using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Security.Cryptography;
using System.Text;

namespace BigDL.Orleans.Transport;

/// <summary>The mutual proof of a shared secret that opens every connection, before any message is read.</summary>
/// <remarks>
/// Steps, each a length-prefixed frame of at most <see cref="MaxFrameBytes"/>:
/// <list type="number">
/// <item>initiator → acceptor: Hello_I = <c>"BDLH", u8 version, u8 role, 32-byte random nonce, u16 length + UTF-8 identity</c>;</item>
/// <item>acceptor → initiator: Hello_A, same layout (only once the initiator's role has an accepted secret);</item>
/// <item>initiator → acceptor: <c>"BDLP"</c> + HMAC-SHA256(key, label ‖ "initiator" ‖ Hello_I ‖ Hello_A);</item>
/// <item>acceptor checks it in constant time, then → initiator: <c>"BDLP"</c> + HMAC-SHA256(key, label ‖ "acceptor" ‖ Hello_I ‖ Hello_A);</item>
/// <item>initiator checks it; from here on both sides exchange messages.</item>
/// </list>
/// Both nonces in the transcript make every proof fresh (no replay); the direction word stops a peer from reflecting
/// a proof back; the acceptor proves nothing until the initiator has, so an outsider learns no MAC to work on.
/// This authenticates, it does not encrypt: run the cluster on a trusted network or under a VPN/TLS tunnel.
/// </remarks>
internal static class Handshake
{
    /// <summary>The largest handshake frame: a hello with a 512-byte identity fits with room to spare.</summary>
    public const int MaxFrameBytes = 1024;

    const int NonceBytes = 32;
    const int MaxIdentityBytes = 512;
    const byte Version = 1;
    static readonly byte[] HelloMagic = "BDLH"u8.ToArray();
    static readonly byte[] ProofMagic = "BDLP"u8.ToArray();
    static readonly byte[] Label = "BigDL.Orleans transport handshake v1"u8.ToArray();
    static readonly byte[] InitiatorWord = "initiator"u8.ToArray();
    static readonly byte[] AcceptorWord = "acceptor"u8.ToArray();

    /// <summary>Runs the initiator's side; returns the acceptor's identity and role or throws <see cref="HandshakeException"/>.</summary>
    public static async Task<PeerInfo> InitiateAsync(PipeReader reader, PipeWriter writer, HandshakeCredentials credentials, string? expectedPeerIdentity, CancellationToken cancellationToken)
    {
        var helloI = BuildHello(credentials.Role, credentials.Identity);
        await WriteFrameAsync(writer, helloI, cancellationToken);
        var helloA = await ReadFrameAsync(reader, cancellationToken);
        var peer = ParseHello(helloA);
        if (peer.Role != PeerRole.Silo)
        {
            throw new HandshakeException($"The peer claims role {peer.Role}; only silos accept connections.");
        }

        if (expectedPeerIdentity is not null && !string.Equals(peer.Identity, expectedPeerIdentity, StringComparison.Ordinal))
        {
            throw new HandshakeException($"Expected silo '{expectedPeerIdentity}' but '{peer.Identity}' answered (restarted or moved?).");
        }

        await WriteFrameAsync(writer, Proof(credentials.Secret, InitiatorWord, helloI, helloA), cancellationToken);
        var proof = await ReadFrameAsync(reader, cancellationToken);
        if (!IsValidProof(proof, Proof(credentials.Secret, AcceptorWord, helloI, helloA)))
        {
            throw new HandshakeException($"Silo '{peer.Identity}' did not prove the shared secret; it belongs to another cluster or uses another secret.");
        }

        return peer;
    }

    /// <summary>Runs the acceptor's side; returns the initiator's identity and role or throws <see cref="HandshakeException"/>.</summary>
    public static async Task<PeerInfo> AcceptAsync(PipeReader reader, PipeWriter writer, HandshakeCredentials credentials, CancellationToken cancellationToken)
    {
        var helloI = await ReadFrameAsync(reader, cancellationToken);
        var peer = ParseHello(helloI);
        if (!credentials.AcceptedSecrets.TryGetValue(peer.Role, out var key))
        {
            throw new HandshakeException($"Role {peer.Role} is not accepted on this endpoint.");
        }

        var helloA = BuildHello(credentials.Role, credentials.Identity);
        await WriteFrameAsync(writer, helloA, cancellationToken);
        var proof = await ReadFrameAsync(reader, cancellationToken);
        if (!IsValidProof(proof, Proof(key, InitiatorWord, helloI, helloA)))
        {
            throw new HandshakeException($"'{peer.Identity}' ({peer.Role}) did not prove the shared secret.");
        }

        await WriteFrameAsync(writer, Proof(key, AcceptorWord, helloI, helloA), cancellationToken);
        return peer;
    }

    static byte[] BuildHello(PeerRole role, string identity)
    {
        var identityBytes = Encoding.UTF8.GetBytes(identity);
        if (identityBytes.Length > MaxIdentityBytes)
        {
            throw new ArgumentException($"An identity may be at most {MaxIdentityBytes} UTF-8 bytes.", nameof(identity));
        }

        var hello = new byte[4 + 1 + 1 + NonceBytes + 2 + identityBytes.Length];
        HelloMagic.CopyTo(hello, 0);
        hello[4] = Version;
        hello[5] = (byte)role;
        RandomNumberGenerator.Fill(hello.AsSpan(6, NonceBytes));
        BinaryPrimitives.WriteUInt16LittleEndian(hello.AsSpan(6 + NonceBytes), (ushort)identityBytes.Length);
        identityBytes.CopyTo(hello, 8 + NonceBytes);
        return hello;
    }

    static PeerInfo ParseHello(byte[] hello)
    {
        if (hello.Length < 8 + NonceBytes || !hello.AsSpan(0, 4).SequenceEqual(HelloMagic))
        {
            throw new HandshakeException("The peer's first frame is not a handshake hello.");
        }

        if (hello[4] != Version)
        {
            throw new HandshakeException($"The peer speaks handshake version {hello[4]}; this side speaks {Version}.");
        }

        var role = (PeerRole)hello[5];
        var identityLength = BinaryPrimitives.ReadUInt16LittleEndian(hello.AsSpan(6 + NonceBytes));
        if (!Enum.IsDefined(role) || identityLength == 0 || identityLength > MaxIdentityBytes || 8 + NonceBytes + identityLength != hello.Length)
        {
            throw new HandshakeException("The peer's hello has an unknown role or a bad identity length.");
        }

        try
        {
            var identity = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(hello, 8 + NonceBytes, identityLength);
            return new PeerInfo(identity, role);
        }
        catch (DecoderFallbackException e)
        {
            throw new HandshakeException("The peer's identity is not valid UTF-8.", e);
        }
    }

    static byte[] Proof(byte[] key, byte[] direction, byte[] helloI, byte[] helloA)
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

    // FixedTimeEquals: a compare that stops at the first differing byte would let a peer find a valid MAC byte by byte.
    static bool IsValidProof(byte[] received, byte[] expected) =>
        received.Length == expected.Length && CryptographicOperations.FixedTimeEquals(received, expected);

    static async ValueTask WriteFrameAsync(PipeWriter writer, byte[] payload, CancellationToken cancellationToken)
    {
        var span = writer.GetSpan(MessageCodec.LengthPrefixBytes + payload.Length);
        BinaryPrimitives.WriteInt32LittleEndian(span, payload.Length);
        payload.CopyTo(span[MessageCodec.LengthPrefixBytes..]);
        writer.Advance(MessageCodec.LengthPrefixBytes + payload.Length);
        await writer.FlushAsync(cancellationToken);
    }

    static async ValueTask<byte[]> ReadFrameAsync(PipeReader reader, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            int length;
            try
            {
                if (MessageCodec.TryReadLength(buffer, MaxFrameBytes, out length) && buffer.Length >= MessageCodec.LengthPrefixBytes + length)
                {
                    var payload = buffer.Slice(MessageCodec.LengthPrefixBytes, length).ToArray();
                    reader.AdvanceTo(buffer.GetPosition(MessageCodec.LengthPrefixBytes + length));
                    return payload;
                }
            }
            catch (ProtocolException e)
            {
                throw new HandshakeException("The peer sent a handshake frame over the limit.", e);
            }

            if (result.IsCompleted)
            {
                throw new HandshakeException("The peer closed the connection during the handshake.");
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }
}
