using System.Buffers;

namespace BigDL.Orleans.Transport;

/// <summary>An array rented from <see cref="ArrayPool{T}.Shared"/> that goes back to the pool once, on the first dispose.</summary>
/// <remarks>Never disposing it is safe (the GC takes the array; the pool just misses it); disposing while a reader still uses the bytes is not.</remarks>
internal sealed class PooledBuffer : IDisposable
{
    byte[]? array;

    /// <summary>Rents an array of at least <paramref name="minimumLength"/> bytes.</summary>
    public PooledBuffer(int minimumLength) => array = ArrayPool<byte>.Shared.Rent(minimumLength);

    /// <summary>Gets the rented array; throws once it has gone back to the pool.</summary>
    public byte[] Array => array ?? throw new ObjectDisposedException(nameof(PooledBuffer));

    /// <inheritdoc />
    public void Dispose()
    {
        if (Interlocked.Exchange(ref array, null) is { } rented)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
