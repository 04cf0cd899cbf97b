using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using BigDL.Orleans.Serialization.Wire;

namespace BigDL.Orleans.Serialization.Codecs;

/// <summary>An array of numbers: a length, then the elements as one raw little-endian block (a memory copy each way).</summary>
internal sealed class BlittableArrayCodec<T>() : Codec(typeof(T[]))
    where T : unmanaged
{
    public override void Write(WireWriter writer, object value)
    {
        var array = (T[])value;
        writer.WriteLength(array.Length, Type);
        writer.WriteRaw(MemoryMarshal.AsBytes(array.AsSpan()));
    }

    public override object Read(ref WireReader reader, int slot)
    {
        var length = reader.ReadLength(Unsafe.SizeOf<T>(), Type);
        var array = GC.AllocateUninitializedArray<T>(length);
        reader.Session.Fill(slot, array);
        var bytes = reader.ReadSpan(length * Unsafe.SizeOf<T>());
        if (typeof(T) == typeof(bool) && bytes.IndexOfAnyExcept((byte)0, (byte)1) >= 0)
        {
            throw new GrainSerializationException("The payload holds a boolean array with a byte other than 0 or 1.");
        }

        bytes.CopyTo(MemoryMarshal.AsBytes(array.AsSpan()));
        return array;
    }
}

/// <summary>A one-dimensional array of anything else: a length, then each element as a value of the element type.</summary>
internal sealed class ArrayCodec<T>() : Codec(typeof(T[]))
{
    readonly CodecRef element = new(typeof(T));

    public override void Write(WireWriter writer, object value)
    {
        var array = (T[])value;
        writer.WriteLength(array.Length, Type);
        foreach (var item in array)
        {
            writer.WriteValue(item, typeof(T), element);
        }
    }

    public override object Read(ref WireReader reader, int slot)
    {
        var array = new T[reader.ReadLength(1, Type)];
        reader.Session.Fill(slot, array);
        for (var i = 0; i < array.Length; i++)
        {
            array[i] = (T)ValueReader.Read(ref reader, typeof(T), element)!;
        }

        return array;
    }
}

/// <summary>A multi-dimensional array with zero lower bounds: the lengths, then the elements in row-major order.</summary>
internal sealed class MultiArrayCodec : Codec
{
    readonly Type elementType;
    readonly CodecRef element;
    readonly int elementSize;

    public MultiArrayCodec(Type type)
        : base(type)
    {
        elementType = type.GetElementType()!; // arrays always have one
        element = new CodecRef(elementType);
        elementSize = CodecCache.IsBlittable(elementType) ? RuntimeHelpers.SizeOf(elementType.TypeHandle) : 0;
    }

    public override void Write(WireWriter writer, object value)
    {
        var array = (Array)value;
        for (var d = 0; d < array.Rank; d++)
        {
            if (array.GetLowerBound(d) != 0)
            {
                throw new GrainSerializationException($"{TypeNames.Format(Type)} with non-zero lower bounds cannot be serialized.");
            }

            writer.WriteLength(array.GetLength(d), Type);
        }

        if (elementSize > 0)
        {
            writer.WriteRaw(MemoryMarshal.CreateReadOnlySpan(ref MemoryMarshal.GetArrayDataReference(array), checked((int)array.LongLength * elementSize)));
            return;
        }

        foreach (var item in array)
        {
            writer.WriteValue(item, elementType, element);
        }
    }

    public override object Read(ref WireReader reader, int slot)
    {
        var lengths = new int[Type.GetArrayRank()];
        long total = 1;
        for (var d = 0; d < lengths.Length; d++)
        {
            lengths[d] = reader.ReadLength(0, Type);
            total *= lengths[d];
            if (total > reader.Session.Options.MaxCollectionLength || total * Math.Max(elementSize, 1) > reader.Remaining)
            {
                throw new GrainSerializationException($"The payload declares {TypeNames.Format(Type)} with more elements than the limit or the bytes left allow.");
            }
        }

        var array = Array.CreateInstance(elementType, lengths);
        reader.Session.Fill(slot, array);
        if (elementSize > 0)
        {
            var bytes = reader.ReadSpan((int)total * elementSize);
            if (elementType == typeof(bool) && bytes.IndexOfAnyExcept((byte)0, (byte)1) >= 0)
            {
                throw new GrainSerializationException("The payload holds a boolean array with a byte other than 0 or 1.");
            }

            bytes.CopyTo(MemoryMarshal.CreateSpan(ref MemoryMarshal.GetArrayDataReference(array), bytes.Length));
            return array;
        }

        var index = new int[lengths.Length];
        for (long n = 0; n < total; n++)
        {
            array.SetValue(ValueReader.Read(ref reader, elementType, element), index);
            for (var d = index.Length - 1; d >= 0 && ++index[d] == lengths[d]; d--)
            {
                index[d] = 0;
            }
        }

        return array;
    }
}
