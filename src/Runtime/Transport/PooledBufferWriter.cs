using System.Buffers;

namespace BigDL.Orleans.Transport;

/// <summary>A growable buffer on <see cref="ArrayPool{T}.Shared"/> to serialize a message body into, returned to the pool on dispose.</summary>
/// <remarks>
/// Meant as a message's <see cref="Message.BodyOwner"/>: serialize into it, send with
/// <c>Body = writer.WrittenMemory, BodyOwner = writer</c>, and the connection disposes it once the bytes are written,
/// so steady-state sends allocate no body arrays. Growth doubles the array, copying what was written once per doubling.
/// </remarks>
internal sealed class PooledBufferWriter : IBufferWriter<byte>, IDisposable
{
    byte[] buffer;
    int written;

    /// <summary>Creates a writer that starts with at least <paramref name="initialCapacity"/> bytes.</summary>
    public PooledBufferWriter(int initialCapacity = 256) => buffer = ArrayPool<byte>.Shared.Rent(Math.Max(initialCapacity, 16));

    /// <summary>Gets the bytes written so far.</summary>
    public ReadOnlyMemory<byte> WrittenMemory => buffer.AsMemory(0, written);

    /// <summary>Gets how many bytes were written.</summary>
    public int WrittenCount => written;

    /// <inheritdoc />
    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (written + count > buffer.Length)
        {
            throw new InvalidOperationException("Advanced past the end of the buffer handed out.");
        }

        written += count;
    }

    /// <inheritdoc />
    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return buffer.AsMemory(written);
    }

    /// <inheritdoc />
    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return buffer.AsSpan(written);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        var rented = Interlocked.Exchange(ref buffer, []);
        if (rented.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }

        written = 0;
    }

    void Ensure(int sizeHint)
    {
        ObjectDisposedException.ThrowIf(buffer.Length == 0, this);
        var needed = written + Math.Max(sizeHint, 1);
        if (needed <= buffer.Length)
        {
            return;
        }

        var grown = ArrayPool<byte>.Shared.Rent((int)Math.Min(Array.MaxLength, Math.Max((long)buffer.Length * 2, needed)));
        buffer.AsSpan(0, written).CopyTo(grown);
        ArrayPool<byte>.Shared.Return(buffer);
        buffer = grown;
    }
}
