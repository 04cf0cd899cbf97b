using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace BigDL.Orleans.Serialization.Wire;

/// <summary>Writes one payload into an <see cref="IBufferWriter{T}"/>: primitives, lengths, strings and raw blocks.</summary>
/// <remarks>It takes memory from the output in chunks and advances once per chunk, not once per primitive.</remarks>
internal sealed partial class WireWriter(IBufferWriter<byte> output, BinarySerializerOptions options)
{
    const int ChunkSize = 4096;
    const int BulkChunkSize = 1 << 20;

    Memory<byte> buffer;
    int used;

    public BinarySerializerOptions Options { get; } = options;

    public void WriteByte(byte value)
    {
        Reserve(1)[0] = value;
        used++;
    }

    public void WriteVarUInt32(uint value)
    {
        var span = Reserve(5);
        var count = 0;
        while (value >= 0x80)
        {
            span[count++] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[count++] = (byte)value;
        used += count;
    }

    public void WriteLength(int length, Type owner)
    {
        if (length > Options.MaxCollectionLength)
        {
            throw new GrainSerializationException(
                $"{TypeNames.Format(owner)} holds {length} elements, over the limit of {Options.MaxCollectionLength} " +
                $"({nameof(BinarySerializerOptions)}.{nameof(BinarySerializerOptions.MaxCollectionLength)}); send it in parts or raise the limit on both ends.");
        }

        WriteVarUInt32((uint)length);
    }

    public void WriteBlittable<T>(T value)
        where T : unmanaged
    {
        var size = Unsafe.SizeOf<T>();
        MemoryMarshal.Write(Reserve(size), in value);
        used += size;
    }

    public void WriteInt32(int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(Reserve(4), value);
        used += 4;
    }

    public void WriteInt64(long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(Reserve(8), value);
        used += 8;
    }

    public void WriteString(string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        WriteLength(length, typeof(string));
        if (length <= ChunkSize)
        {
            // Reserve first, in its own statement: it may flush and reset `used`, which `used += f(Reserve(...))` would read before.
            var written = Encoding.UTF8.GetBytes(value, Reserve(length));
            used += written;
            return;
        }

        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var written = Encoding.UTF8.GetBytes(value, rented);
            WriteRaw(rented.AsSpan(0, written));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    public void WriteNullableString(string? value)
    {
        WriteByte(value is null ? (byte)0 : (byte)1);
        if (value is not null)
        {
            WriteString(value);
        }
    }

    /// <summary>Writes bytes as they are; large blocks go straight into the output in megabyte chunks.</summary>
    public void WriteRaw(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length <= buffer.Length - used)
        {
            bytes.CopyTo(buffer.Span[used..]);
            used += bytes.Length;
            return;
        }

        Flush();
        while (!bytes.IsEmpty)
        {
            var target = output.GetSpan(Math.Min(bytes.Length, BulkChunkSize));
            var count = Math.Min(target.Length, bytes.Length);
            bytes[..count].CopyTo(target);
            output.Advance(count);
            bytes = bytes[count..];
        }
    }

    /// <summary>Hands the bytes written so far to the output.</summary>
    public void Flush()
    {
        if (used > 0)
        {
            output.Advance(used);
        }

        buffer = default;
        used = 0;
    }

    Span<byte> Reserve(int size)
    {
        if (buffer.Length - used < size)
        {
            Flush();
            buffer = output.GetMemory(Math.Max(size, ChunkSize));
        }

        return buffer.Span.Slice(used, size);
    }
}
