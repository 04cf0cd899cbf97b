using System.Buffers;
using System.Runtime.CompilerServices;

namespace BigDL.Compute.Tensors;

/// <summary>A dense float32 tensor: a shape over a contiguous row-major range of a (usually pooled) buffer.</summary>
/// <remarks>
/// Dimension 0 is the batch by convention. A tensor that owns its buffer rents it from
/// <see cref="ArrayPool{T}.Shared"/> and returns it on <see cref="Dispose"/>; views share the buffer and own nothing.
/// Layers keep their output tensors and <see cref="Resize"/> them in place when the batch size changes, so a
/// training step in steady state creates no tensors.
/// </remarks>
public sealed class Tensor : IDisposable
{
    /// <summary>The most dimensions a tensor may have.</summary>
    public const int MaxRank = 6;

    readonly int[] _shape = new int[MaxRank];
    readonly bool _owned;
    float[] _buffer;
    int _rank;

    /// <summary>Creates a tensor of the given shape on a pooled buffer, filled with zeros.</summary>
    public Tensor(params ReadOnlySpan<int> shape)
    {
        var length = SetShape(shape);
        _buffer = ArrayPool<float>.Shared.Rent(Math.Max(length, 1));
        Capacity = _buffer.Length;
        _owned = true;
        Span.Clear();
    }

    Tensor(float[] buffer, int offset, int capacity, ReadOnlySpan<int> shape)
    {
        _buffer = buffer;
        Offset = offset;
        Capacity = capacity;
        var length = SetShape(shape);
        if (length > capacity)
        {
            throw new ArgumentException($"shape {ShapeText(shape)} needs {length} elements; the buffer range holds {capacity}");
        }
    }

    /// <summary>Wraps an existing array without copying; the tensor does not own it.</summary>
    public static Tensor FromArray(float[] data, params ReadOnlySpan<int> shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        return new Tensor(data, 0, data.Length, shape);
    }

    /// <summary>Wraps <c>data[offset..]</c> without copying (a view of a flat buffer, e.g. one parameter).</summary>
    public static Tensor FromBuffer(float[] data, int offset, params ReadOnlySpan<int> shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(offset, data.Length);
        return new Tensor(data, offset, data.Length - offset, shape);
    }

    /// <summary>Number of dimensions.</summary>
    public int Rank => _rank;

    /// <summary>Number of elements.</summary>
    public int Length { get; private set; }

    /// <summary>The dimensions, outermost first.</summary>
    public ReadOnlySpan<int> Shape => _shape.AsSpan(0, _rank);

    /// <summary>Elements this tensor's buffer range can hold without reallocating.</summary>
    public int Capacity { get; private set; }

    /// <summary>The backing array (shared by views).</summary>
    public float[] Buffer => _buffer;

    /// <summary>Where element 0 lies in <see cref="Buffer"/>.</summary>
    public int Offset { get; }

    /// <summary>The elements in row-major order.</summary>
    public Span<float> Span
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => new(_buffer, Offset, Length);
    }

    /// <summary>Size of dimension <paramref name="dim"/>; negative counts from the end.</summary>
    public int Dim(int dim) => _shape[dim < 0 ? _rank + dim : dim];

    /// <summary>Row-major stride of dimension <paramref name="dim"/> in elements.</summary>
    public int Stride(int dim)
    {
        var stride = 1;
        for (var i = _rank - 1; i > dim; i--)
        {
            stride *= _shape[i];
        }

        return stride;
    }

    /// <summary>Elements per batch row: the product of all dimensions but the first.</summary>
    public int RowLength => _rank == 0 ? 1 : Stride(0);

    /// <summary>Gets or sets one element by its indices.</summary>
    public float this[params ReadOnlySpan<int> index]
    {
        get => _buffer[Offset + FlatIndex(index)];
        set => _buffer[Offset + FlatIndex(index)] = value;
    }

    /// <summary>Changes the shape in place; the element count may shrink or grow up to <see cref="Capacity"/>.</summary>
    public void Resize(params ReadOnlySpan<int> shape)
    {
        var length = Product(shape);
        if (length > Capacity)
        {
            throw new ArgumentException($"cannot resize a tensor of capacity {Capacity} to {ShapeText(shape)}");
        }

        SetShape(shape);
    }

    /// <summary>A view of <paramref name="count"/> rows of dimension 0 starting at <paramref name="start"/>.</summary>
    public Tensor Rows(int start, int count)
    {
        if (_rank == 0 || start < 0 || count < 0 || start + count > _shape[0])
        {
            throw new ArgumentOutOfRangeException(nameof(start), $"rows [{start}, {start + count}) outside shape {ShapeText(Shape)}");
        }

        Span<int> shape = stackalloc int[_rank];
        Shape.CopyTo(shape);
        shape[0] = count;
        var row = RowLength;
        return new Tensor(_buffer, Offset + start * row, count * row, shape);
    }

    /// <summary>A view with a different shape over the same elements (the element count must match).</summary>
    public Tensor View(params ReadOnlySpan<int> shape)
    {
        if (Product(shape) != Length)
        {
            throw new ArgumentException($"cannot view {ShapeText(Shape)} ({Length} elements) as {ShapeText(shape)}");
        }

        return new Tensor(_buffer, Offset, Length, shape);
    }

    /// <summary>A deep copy on a fresh pooled buffer.</summary>
    public Tensor Clone()
    {
        var copy = new Tensor(Shape);
        Span.CopyTo(copy.Span);
        return copy;
    }

    /// <summary>Whether the shapes are equal.</summary>
    public bool SameShape(Tensor other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Shape.SequenceEqual(other.Shape);
    }

    /// <summary>Returns an owned buffer to the pool; views do nothing.</summary>
    public void Dispose()
    {
        if (_owned && _buffer.Length > 0)
        {
            ArrayPool<float>.Shared.Return(_buffer);
            _buffer = [];
            Length = 0;
            Capacity = 0;
        }
    }

    /// <summary>The shape as text, e.g. <c>[128, 784]</c>.</summary>
    public override string ToString() => "Tensor" + ShapeText(Shape);

    /// <summary>Makes <paramref name="tensor"/> an owned tensor of the given shape, reusing its buffer when it is large enough.</summary>
    /// <returns>True when a new buffer was allocated (its contents are zero); false when resized in place (contents stale).</returns>
    public static bool Ensure([System.Diagnostics.CodeAnalysis.NotNull] ref Tensor? tensor, params ReadOnlySpan<int> shape)
    {
        if (tensor is not null && tensor.Capacity >= Product(shape))
        {
            tensor.Resize(shape);
            return false;
        }

        tensor?.Dispose();
        tensor = new Tensor(shape);
        return true;
    }

    /// <summary>Formats a shape as <c>[a, b, c]</c>.</summary>
    public static string ShapeText(ReadOnlySpan<int> shape)
    {
        var parts = new string[shape.Length];
        for (var i = 0; i < shape.Length; i++)
        {
            parts[i] = shape[i].ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return "[" + string.Join(", ", parts) + "]";
    }

    /// <summary>The element count of a shape.</summary>
    public static int Product(ReadOnlySpan<int> shape)
    {
        var n = 1;
        foreach (var d in shape)
        {
            if (d < 0)
            {
                throw new ArgumentException($"negative dimension in shape {ShapeText(shape)}");
            }

            n = checked(n * d);
        }

        return n;
    }

    int SetShape(ReadOnlySpan<int> shape)
    {
        if (shape.Length > MaxRank)
        {
            throw new ArgumentException($"rank {shape.Length} exceeds the maximum {MaxRank}");
        }

        var length = Product(shape);
        shape.CopyTo(_shape);
        _rank = shape.Length;
        Length = length;
        return length;
    }

    int FlatIndex(ReadOnlySpan<int> index)
    {
        if (index.Length != _rank)
        {
            throw new ArgumentException($"{index.Length} indices for a rank-{_rank} tensor {ShapeText(Shape)}");
        }

        var flat = 0;
        for (var i = 0; i < _rank; i++)
        {
            if ((uint)index[i] >= (uint)_shape[i])
            {
                throw new ArgumentOutOfRangeException(nameof(index), $"index {index[i]} outside dimension {i} of {ShapeText(Shape)}");
            }

            flat = flat * _shape[i] + index[i];
        }

        return flat;
    }
}
