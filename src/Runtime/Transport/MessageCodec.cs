using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Text;

namespace BigDL.Orleans.Transport;

/// <summary>Writes messages as length-prefixed frames and parses them back, checking every length against the limits.</summary>
/// <remarks>
/// Frame: <c>[u32 LE length N][N bytes]</c>. The N bytes: <c>u8 version=1, u8 kind, u8 status, u8 reserved=0,
/// i64 LE correlation id, i64 LE deadline (Unix ms, 0 = none)</c>, then eight strings, each <c>[u16 LE length][UTF-8]</c>:
/// target type, target key, sender type, sender key, interface, method, target silo, sender silo; then
/// <c>u16 LE n</c> and n call-chain grain ids (type, key strings); the rest of the frame is the body.
/// The body has no length of its own: it is whatever the frame length leaves, so the two can never disagree.
/// </remarks>
internal sealed class MessageCodec(TransportOptions options)
{
    internal const byte Version = 1;
    internal const int LengthPrefixBytes = 4;

    // version, kind, status, reserved, correlation id, deadline, eight empty strings, empty call chain.
    internal const int MinimumFrameBytes = 4 + 8 + 8 + (8 * 2) + 2;

    static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    // Type, interface and method names repeat on every call: decoding them into cached strings saves an allocation each.
    // Only the read loop touches it, so it needs no lock; it stops growing at a bound so a hostile peer cannot bloat it.
    readonly HashSet<string> names = new(StringComparer.Ordinal);
    const int MaxCachedNames = 1024;
    const int MaxCachedNameChars = 256;

    /// <summary>Checks that <paramref name="message"/> fits the limits, so a bad send fails at its caller, not in the writer loop.</summary>
    public int MeasureFrame(Message message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!Enum.IsDefined(message.Kind))
        {
            throw new ArgumentException($"Message kind {message.Kind} is not defined.", nameof(message));
        }

        if (message.CallChain.Count > options.MaxCallChainLength)
        {
            throw new ArgumentException($"The call chain holds {message.CallChain.Count} grains; the limit is {options.MaxCallChainLength} (TransportOptions.MaxCallChainLength).", nameof(message));
        }

        var size = (long)(MinimumFrameBytes - (8 * 2)); // the eight strings' length fields are counted by StringBytes
        size += StringBytes(message.Target.Type) + StringBytes(message.Target.Key) + StringBytes(message.Sender.Type) + StringBytes(message.Sender.Key);
        size += StringBytes(message.Interface) + StringBytes(message.Method) + StringBytes(message.TargetSilo) + StringBytes(message.SenderSilo);
        foreach (var grain in message.CallChain)
        {
            size += StringBytes(grain.Type) + StringBytes(grain.Key);
        }

        size += message.Body.Length;
        if (size > options.MaxFrameBytes)
        {
            throw new ArgumentException($"The message is {size} bytes; the frame limit is {options.MaxFrameBytes} (TransportOptions.MaxFrameBytes). Send big tensors in chunks or raise the limit on every silo.", nameof(message));
        }

        return (int)size;
    }

    /// <summary>Writes one frame; the caller flushes. <paramref name="frameBytes"/> comes from <see cref="MeasureFrame"/>.</summary>
    public static void Write(PipeWriter writer, Message message, int frameBytes)
    {
        WriteHeader(writer, message, frameBytes);
        if (!message.Body.IsEmpty)
        {
            writer.Write(message.Body.Span);
        }
    }

    /// <summary>Writes a frame's length prefix and header but not its body, which the caller writes next.</summary>
    public static void WriteHeader(PipeWriter writer, Message message, int frameBytes)
    {
        var headerBytes = frameBytes - message.Body.Length;
        var span = writer.GetSpan(LengthPrefixBytes + headerBytes);
        BinaryPrimitives.WriteInt32LittleEndian(span, frameBytes);
        span[4] = Version;
        span[5] = (byte)message.Kind;
        span[6] = (byte)message.Status;
        span[7] = 0;
        BinaryPrimitives.WriteInt64LittleEndian(span[8..], message.CorrelationId);
        BinaryPrimitives.WriteInt64LittleEndian(span[16..], message.DeadlineUnixMs);
        var at = 24;
        at += WriteString(span[at..], message.Target.Type);
        at += WriteString(span[at..], message.Target.Key);
        at += WriteString(span[at..], message.Sender.Type);
        at += WriteString(span[at..], message.Sender.Key);
        at += WriteString(span[at..], message.Interface);
        at += WriteString(span[at..], message.Method);
        at += WriteString(span[at..], message.TargetSilo);
        at += WriteString(span[at..], message.SenderSilo);
        BinaryPrimitives.WriteUInt16LittleEndian(span[at..], (ushort)message.CallChain.Count);
        at += 2;
        foreach (var grain in message.CallChain)
        {
            at += WriteString(span[at..], grain.Type);
            at += WriteString(span[at..], grain.Key);
        }

        writer.Advance(at);
    }

    /// <summary>
    /// Takes one whole frame off the front of <paramref name="buffer"/> and parses it; false when the frame has not fully arrived.
    /// Throws <see cref="ProtocolException"/> on a length over the limit or any malformed field, before buffering the rest.
    /// </summary>
    public bool TryRead(ref ReadOnlySequence<byte> buffer, out Message? message)
    {
        message = null;
        if (!TryReadLength(buffer, options.MaxFrameBytes, out var length))
        {
            return false;
        }

        if (length < MinimumFrameBytes)
        {
            throw new ProtocolException($"A frame of {length} bytes is shorter than any message ({MinimumFrameBytes}).");
        }

        if (buffer.Length < LengthPrefixBytes + (long)length)
        {
            return false;
        }

        var frame = buffer.Slice(LengthPrefixBytes, length);
        message = Parse(frame);
        buffer = buffer.Slice(frame.End);
        return true;
    }

    /// <summary>Reads a frame's length prefix; false when fewer than four bytes have arrived.</summary>
    internal static bool TryReadLength(ReadOnlySequence<byte> buffer, int maxFrameBytes, out int length)
    {
        length = 0;
        if (buffer.Length < LengthPrefixBytes)
        {
            return false;
        }

        Span<byte> prefix = stackalloc byte[LengthPrefixBytes];
        buffer.Slice(0, LengthPrefixBytes).CopyTo(prefix);
        var value = BinaryPrimitives.ReadUInt32LittleEndian(prefix);
        if (value > (uint)maxFrameBytes)
        {
            throw new ProtocolException($"A frame of {value} bytes is over the limit of {maxFrameBytes} (TransportOptions.MaxFrameBytes).");
        }

        length = (int)value;
        return true;
    }

    /// <summary>
    /// Parses a frame (without its length prefix) that lies whole in <paramref name="buffer"/>'s array: the body is a slice of
    /// that array, not a copy, and <paramref name="buffer"/> becomes the message's <see cref="Message.BodyOwner"/>.
    /// </summary>
    public Message ParseOwned(PooledBuffer buffer, int length) => Parse(new ReadOnlySequence<byte>(buffer.Array, 0, length), buffer);

    Message Parse(ReadOnlySequence<byte> frame, PooledBuffer? owned = null)
    {
        var reader = new SequenceReader<byte>(frame);
        reader.TryRead(out var version);
        reader.TryRead(out var kindByte);
        reader.TryRead(out var statusByte);
        reader.TryRead(out _);
        reader.TryReadLittleEndian(out long correlationId);
        reader.TryReadLittleEndian(out long deadline);
        if (version != Version)
        {
            throw new ProtocolException($"Unknown protocol version {version}; this silo speaks version {Version}.");
        }

        var kind = (MessageKind)kindByte;
        var status = (ResponseStatus)statusByte;
        if (!Enum.IsDefined(kind) || !Enum.IsDefined(status))
        {
            throw new ProtocolException($"Unknown message kind {kindByte} or response status {statusByte}.");
        }

        var target = ReadGrainId(ref reader, cache: true);
        var sender = ReadGrainId(ref reader, cache: true);
        var @interface = ReadString(ref reader, cache: true);
        var method = ReadString(ref reader, cache: true);
        var targetSilo = ReadString(ref reader, cache: true);
        var senderSilo = ReadString(ref reader, cache: true);
        if (!reader.TryReadLittleEndian(out short chainCount) || (ushort)chainCount > options.MaxCallChainLength)
        {
            throw new ProtocolException($"A call chain of {(ushort)chainCount} grains is over the limit of {options.MaxCallChainLength}, or the header is cut short.");
        }

        var chain = chainCount == 0 ? [] : new GrainId[(ushort)chainCount];
        for (var i = 0; i < chain.Length; i++)
        {
            chain[i] = ReadGrainId(ref reader, cache: true);
        }

        var bodyLength = (int)reader.Remaining;
        ReadOnlyMemory<byte> body = ReadOnlyMemory<byte>.Empty;
        if (owned is not null)
        {
            body = owned.Array.AsMemory((int)reader.Consumed, bodyLength);
        }
        else if (bodyLength > 0)
        {
            // The pipe's buffer is reused after AdvanceTo, so the body gets its own array; uninitialized because it is overwritten at once.
            var bytes = GC.AllocateUninitializedArray<byte>(bodyLength);
            reader.UnreadSequence.CopyTo(bytes);
            body = bytes;
        }

        return new Message
        {
            Kind = kind,
            Status = status,
            CorrelationId = correlationId,
            DeadlineUnixMs = deadline,
            Target = target,
            Sender = sender,
            Interface = @interface,
            Method = method,
            TargetSilo = targetSilo,
            SenderSilo = senderSilo,
            CallChain = chain,
            Body = body,
            BodyOwner = owned,
        };
    }

    GrainId ReadGrainId(ref SequenceReader<byte> reader, bool cache)
    {
        var type = ReadString(ref reader, cache);
        var key = ReadString(ref reader, cache: false);
        return type.Length == 0 && key.Length == 0 ? default : new GrainId(type, key);
    }

    string ReadString(ref SequenceReader<byte> reader, bool cache)
    {
        if (!reader.TryReadLittleEndian(out short signedLength))
        {
            throw new ProtocolException("A message header is cut short.");
        }

        var length = (ushort)signedLength;
        if (length == 0)
        {
            return "";
        }

        if (length > options.MaxHeaderStringBytes)
        {
            throw new ProtocolException($"A header string of {length} bytes is over the limit of {options.MaxHeaderStringBytes} (TransportOptions.MaxHeaderStringBytes).");
        }

        if (reader.Remaining < length)
        {
            throw new ProtocolException("A header string runs past the end of its frame.");
        }

        // Usually the string lies in one segment; one that straddles two is copied out first.
        ReadOnlySpan<byte> bytes = reader.UnreadSpan.Length >= length ? reader.UnreadSpan[..length] : reader.UnreadSequence.Slice(0, length).ToArray();
        try
        {
            var text = cache && length <= MaxCachedNameChars ? Cached(bytes) : StrictUtf8.GetString(bytes);
            reader.Advance(length);
            return text;
        }
        catch (DecoderFallbackException e)
        {
            throw new ProtocolException("A header string is not valid UTF-8.", e);
        }
    }

    string Cached(ReadOnlySpan<byte> utf8)
    {
        Span<char> chars = stackalloc char[MaxCachedNameChars];
        var count = StrictUtf8.GetChars(utf8, chars);
        var lookup = names.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(chars[..count], out var known))
        {
            return known;
        }

        var text = new string(chars[..count]);
        if (names.Count < MaxCachedNames)
        {
            names.Add(text);
        }

        return text;
    }

    int StringBytes(string? text)
    {
        var count = string.IsNullOrEmpty(text) ? 0 : Encoding.UTF8.GetByteCount(text);
        if (count > options.MaxHeaderStringBytes)
        {
            throw new ArgumentException($"A header string of {count} UTF-8 bytes ('{text![..Math.Min(32, text!.Length)]}...') is over the limit of {options.MaxHeaderStringBytes} (TransportOptions.MaxHeaderStringBytes).");
        }

        return 2 + count;
    }

    static int WriteString(Span<byte> span, string? text)
    {
        var count = string.IsNullOrEmpty(text) ? 0 : Encoding.UTF8.GetBytes(text, span[2..]);
        BinaryPrimitives.WriteUInt16LittleEndian(span, (ushort)count);
        return 2 + count;
    }
}
