using System.Collections.Immutable;
using System.Runtime.InteropServices;
using BigDL.Orleans.Serialization.Wire;

namespace BigDL.Orleans.Serialization.Codecs;

/// <summary><see cref="Immutable{T}"/>: the wrapped value as a value of <typeparamref name="T"/>.</summary>
internal sealed class ImmutableWrapperCodec<T>() : Codec(typeof(Immutable<T>))
{
    readonly CodecRef inner = new(typeof(T));

    public override void Write(WireWriter writer, object value) => writer.WriteValue(((Immutable<T>)value).Value, typeof(T), inner);

    public override object Read(ref WireReader reader, int slot) => new Immutable<T>((T)ValueReader.Read(ref reader, typeof(T), inner)!);
}

/// <summary><see cref="ImmutableArray{T}"/>: a presence flag, then the payload of its backing array (raw bytes for numbers).</summary>
internal sealed class ImmutableArrayCodec<T>() : Codec(typeof(ImmutableArray<T>))
{
    readonly CodecRef array = new(typeof(T[]));

    public override void Write(WireWriter writer, object value)
    {
        var backing = ImmutableCollectionsMarshal.AsArray((ImmutableArray<T>)value);
        writer.WriteByte(backing is null ? (byte)0 : (byte)1);
        if (backing is not null)
        {
            array.Codec.Write(writer, backing);
        }
    }

    public override object Read(ref WireReader reader, int slot) => reader.ReadByte() switch
    {
        0 => default(ImmutableArray<T>),
        1 => ImmutableCollectionsMarshal.AsImmutableArray((T[])array.Codec.Read(ref reader, -1)),
        var other => throw new GrainSerializationException($"The payload holds {other} where an ImmutableArray presence flag (0 or 1) belongs."),
    };
}

/// <summary><see cref="ImmutableList{T}"/>: a count, then the elements.</summary>
internal sealed class ImmutableListCodec<T>() : Codec(typeof(ImmutableList<T>))
{
    readonly CodecRef element = new(typeof(T));

    public override void Write(WireWriter writer, object value)
    {
        var list = (ImmutableList<T>)value;
        writer.WriteLength(list.Count, Type);
        foreach (var item in list)
        {
            writer.WriteValue(item, typeof(T), element);
        }
    }

    public override object Read(ref WireReader reader, int slot)
    {
        var count = reader.ReadLength(1, Type);
        var builder = ImmutableList.CreateBuilder<T>();
        for (var i = 0; i < count; i++)
        {
            builder.Add((T)ValueReader.Read(ref reader, typeof(T), element)!);
        }

        return builder.ToImmutable();
    }
}

/// <summary><see cref="ImmutableHashSet{T}"/>: its comparer, a count, then the elements.</summary>
internal sealed class ImmutableHashSetCodec<T>() : Codec(typeof(ImmutableHashSet<T>))
{
    readonly CodecRef element = new(typeof(T));

    public override void Write(WireWriter writer, object value)
    {
        var set = (ImmutableHashSet<T>)value;
        writer.WriteByte(Comparers.Encode(set.KeyComparer, Type));
        writer.WriteLength(set.Count, Type);
        foreach (var item in set)
        {
            writer.WriteValue(item, typeof(T), element);
        }
    }

    public override object Read(ref WireReader reader, int slot)
    {
        var builder = ImmutableHashSet.CreateBuilder(Comparers.Decode<T>(reader.ReadByte(), Type));
        var count = reader.ReadLength(1, Type);
        for (var i = 0; i < count; i++)
        {
            if (!builder.Add((T)HashKeys.Read(ref reader, typeof(T), element, Type)!))
            {
                throw new GrainSerializationException($"The payload holds the same element twice in {TypeNames.Format(Type)}.");
            }
        }

        return builder.ToImmutable();
    }
}

/// <summary><see cref="ImmutableDictionary{TKey, TValue}"/>: its key comparer, a count, then key and value pairs.</summary>
internal sealed class ImmutableDictionaryCodec<TKey, TValue>() : Codec(typeof(ImmutableDictionary<TKey, TValue>))
    where TKey : notnull
{
    readonly CodecRef key = new(typeof(TKey));
    readonly CodecRef value = new(typeof(TValue));

    public override void Write(WireWriter writer, object value)
    {
        var dictionary = (ImmutableDictionary<TKey, TValue>)value;
        writer.WriteByte(Comparers.Encode(dictionary.KeyComparer, Type));
        writer.WriteLength(dictionary.Count, Type);
        foreach (var (k, v) in dictionary)
        {
            writer.WriteValue(k, typeof(TKey), key);
            writer.WriteValue(v, typeof(TValue), this.value);
        }
    }

    public override object Read(ref WireReader reader, int slot)
    {
        var builder = ImmutableDictionary.CreateBuilder<TKey, TValue>(Comparers.Decode<TKey>(reader.ReadByte(), Type));
        var count = reader.ReadLength(2, Type);
        for (var i = 0; i < count; i++)
        {
            var k = HashKeys.Read(ref reader, typeof(TKey), key, Type) ?? throw new GrainSerializationException($"The payload holds a null key in {TypeNames.Format(Type)}.");
            if (builder.ContainsKey((TKey)k))
            {
                throw new GrainSerializationException($"The payload holds the same key twice in {TypeNames.Format(Type)}.");
            }

            builder.Add((TKey)k, (TValue)ValueReader.Read(ref reader, typeof(TValue), value)!);
        }

        return builder.ToImmutable();
    }
}
