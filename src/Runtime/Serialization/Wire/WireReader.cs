using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace BigDL.Orleans.Serialization.Wire;

/// <summary>Reads one payload from a span: every read checks the bytes left, so a short or hostile payload fails cleanly.</summary>
internal ref partial struct WireReader(ReadOnlySpan<byte> data, ReaderSession session)
{
    static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    readonly ReadOnlySpan<byte> data = data;
    int position;

    public readonly ReaderSession Session { get; } = session;

    public readonly int Remaining => data.Length - position;

    public byte ReadByte()
    {
        if (position >= data.Length)
        {
            throw Truncated(1);
        }

        return data[position++];
    }

    public uint ReadVarUInt32()
    {
        uint result = 0;
        for (var shift = 0; shift < 35; shift += 7)
        {
            var b = ReadByte();
            if (shift == 28 && b > 0x0F)
            {
                throw new GrainSerializationException("The payload holds a length or index that does not fit in 32 bits.");
            }

            result |= (uint)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return result;
            }
        }

        throw new GrainSerializationException("The payload holds a malformed length or index.");
    }

    /// <summary>Reads an element count and checks it against the limit and against the bytes left.</summary>
    /// <param name="bytesPerElement">The fewest payload bytes one element takes, so a count cannot promise more than remains.</param>
    /// <param name="owner">The type being read, for the error message.</param>
    public int ReadLength(int bytesPerElement, Type owner)
    {
        var length = ReadVarUInt32();
        if (length > (uint)Session.Options.MaxCollectionLength)
        {
            throw new GrainSerializationException(
                $"The payload declares {length} elements for {TypeNames.Format(owner)}, over the limit of {Session.Options.MaxCollectionLength} " +
                $"({nameof(BinarySerializerOptions)}.{nameof(BinarySerializerOptions.MaxCollectionLength)}).");
        }

        if ((long)length * bytesPerElement > Remaining)
        {
            throw Truncated((long)length * bytesPerElement);
        }

        return (int)length;
    }

    public T ReadBlittable<T>()
        where T : unmanaged
    {
        var size = Unsafe.SizeOf<T>();
        return MemoryMarshal.Read<T>(ReadSpan(size));
    }

    public int ReadInt32() => BinaryPrimitives.ReadInt32LittleEndian(ReadSpan(4));

    public long ReadInt64() => BinaryPrimitives.ReadInt64LittleEndian(ReadSpan(8));

    public string ReadString()
    {
        var length = ReadLength(1, typeof(string));
        try
        {
            return StrictUtf8.GetString(ReadSpan(length));
        }
        catch (DecoderFallbackException e)
        {
            throw new GrainSerializationException("The payload holds a string that is not valid UTF-8.", e);
        }
    }

    public string? ReadNullableString() => ReadByte() switch
    {
        0 => null,
        1 => ReadString(),
        var other => throw new GrainSerializationException($"The payload holds {other} where a string presence flag (0 or 1) belongs."),
    };

    public ReadOnlySpan<byte> ReadSpan(int length)
    {
        if ((uint)length > (uint)Remaining)
        {
            throw Truncated(length);
        }

        var span = data.Slice(position, length);
        position += length;
        return span;
    }

    readonly GrainSerializationException Truncated(long needed) =>
        new($"The payload is truncated or corrupt: {needed} more bytes are needed at offset {position}, but only {Remaining} remain.");
}
