using System.Collections.ObjectModel;
using BigDL.Orleans.Serialization.Wire;

namespace BigDL.Orleans.Serialization.Codecs;

/// <summary><see cref="List{T}"/>: a count, then the elements.</summary>
internal sealed class ListCodec<T>() : Codec(typeof(List<T>))
{
    readonly CodecRef element = new(typeof(T));

    public override void Write(WireWriter writer, object value)
    {
        var list = (List<T>)value;
        writer.WriteLength(list.Count, Type);
        foreach (var item in list)
        {
            writer.WriteValue(item, typeof(T), element);
        }
    }

    public override object Read(ref WireReader reader, int slot)
    {
        var count = reader.ReadLength(1, Type);
        var list = new List<T>(count);
        reader.Session.Fill(slot, list);
        for (var i = 0; i < count; i++)
        {
            list.Add((T)ValueReader.Read(ref reader, typeof(T), element)!);
        }

        return list;
    }
}

/// <summary><see cref="ReadOnlyCollection{T}"/> (what <c>AsReadOnly()</c> returns): a count, then the elements.</summary>
internal sealed class ReadOnlyCollectionCodec<T>() : Codec(typeof(ReadOnlyCollection<T>))
{
    readonly CodecRef element = new(typeof(T));

    public override void Write(WireWriter writer, object value)
    {
        var collection = (ReadOnlyCollection<T>)value;
        writer.WriteLength(collection.Count, Type);
        foreach (var item in collection)
        {
            writer.WriteValue(item, typeof(T), element);
        }
    }

    public override object Read(ref WireReader reader, int slot)
    {
        var items = new T[reader.ReadLength(1, Type)];
        var collection = new ReadOnlyCollection<T>(items);
        reader.Session.Fill(slot, collection);
        for (var i = 0; i < items.Length; i++)
        {
            items[i] = (T)ValueReader.Read(ref reader, typeof(T), element)!;
        }

        return collection;
    }
}

/// <summary><see cref="Queue{T}"/>: a count, then the elements front first.</summary>
internal sealed class QueueCodec<T>() : Codec(typeof(Queue<T>))
{
    readonly CodecRef element = new(typeof(T));

    public override void Write(WireWriter writer, object value)
    {
        var queue = (Queue<T>)value;
        writer.WriteLength(queue.Count, Type);
        foreach (var item in queue)
        {
            writer.WriteValue(item, typeof(T), element);
        }
    }

    public override object Read(ref WireReader reader, int slot)
    {
        var count = reader.ReadLength(1, Type);
        var queue = new Queue<T>(count);
        reader.Session.Fill(slot, queue);
        for (var i = 0; i < count; i++)
        {
            queue.Enqueue((T)ValueReader.Read(ref reader, typeof(T), element)!);
        }

        return queue;
    }
}

/// <summary><see cref="Stack{T}"/>: a count, then the elements bottom first, so reading pushes them back in order.</summary>
internal sealed class StackCodec<T>() : Codec(typeof(Stack<T>))
{
    readonly CodecRef element = new(typeof(T));

    public override void Write(WireWriter writer, object value)
    {
        var items = ((Stack<T>)value).ToArray(); // top first
        writer.WriteLength(items.Length, Type);
        for (var i = items.Length - 1; i >= 0; i--)
        {
            writer.WriteValue(items[i], typeof(T), element);
        }
    }

    public override object Read(ref WireReader reader, int slot)
    {
        var count = reader.ReadLength(1, Type);
        var stack = new Stack<T>(count);
        reader.Session.Fill(slot, stack);
        for (var i = 0; i < count; i++)
        {
            stack.Push((T)ValueReader.Read(ref reader, typeof(T), element)!);
        }

        return stack;
    }
}

/// <summary><see cref="HashSet{T}"/>: its comparer, a count, then the elements.</summary>
internal sealed class HashSetCodec<T>() : Codec(typeof(HashSet<T>))
{
    readonly CodecRef element = new(typeof(T));

    public override void Write(WireWriter writer, object value)
    {
        var set = (HashSet<T>)value;
        writer.WriteByte(Comparers.Encode(set.Comparer, Type));
        writer.WriteLength(set.Count, Type);
        foreach (var item in set)
        {
            writer.WriteValue(item, typeof(T), element);
        }
    }

    public override object Read(ref WireReader reader, int slot)
    {
        var comparer = Comparers.Decode<T>(reader.ReadByte(), Type);
        var count = reader.ReadLength(1, Type);
        var set = new HashSet<T>(count, comparer);
        reader.Session.Fill(slot, set);
        for (var i = 0; i < count; i++)
        {
            if (!set.Add((T)HashKeys.Read(ref reader, typeof(T), element, Type)!))
            {
                throw new GrainSerializationException($"The payload holds the same element twice in {TypeNames.Format(Type)}.");
            }
        }

        return set;
    }
}

/// <summary><see cref="Dictionary{TKey, TValue}"/>: its comparer, a count, then key and value pairs.</summary>
internal sealed class DictionaryCodec<TKey, TValue>() : Codec(typeof(Dictionary<TKey, TValue>))
    where TKey : notnull
{
    readonly CodecRef key = new(typeof(TKey));
    readonly CodecRef value = new(typeof(TValue));

    public override void Write(WireWriter writer, object value)
    {
        var dictionary = (Dictionary<TKey, TValue>)value;
        writer.WriteByte(Comparers.Encode(dictionary.Comparer, Type));
        writer.WriteLength(dictionary.Count, Type);
        foreach (var (k, v) in dictionary)
        {
            writer.WriteValue(k, typeof(TKey), key);
            writer.WriteValue(v, typeof(TValue), this.value);
        }
    }

    public override object Read(ref WireReader reader, int slot)
    {
        var comparer = Comparers.Decode<TKey>(reader.ReadByte(), Type);
        var count = reader.ReadLength(2, Type);
        var dictionary = new Dictionary<TKey, TValue>(count, comparer);
        reader.Session.Fill(slot, dictionary);
        for (var i = 0; i < count; i++)
        {
            var k = HashKeys.Read(ref reader, typeof(TKey), key, Type) ?? throw new GrainSerializationException($"The payload holds a null key in {TypeNames.Format(Type)}.");
            if (!dictionary.TryAdd((TKey)k, (TValue)ValueReader.Read(ref reader, typeof(TValue), value)!))
            {
                throw new GrainSerializationException($"The payload holds the same key twice in {TypeNames.Format(Type)}.");
            }
        }

        return dictionary;
    }
}

/// <summary>Encodes the comparers that can be recreated on the other side: the default and the ordinal and invariant string comparers.</summary>
internal static class Comparers
{
    public static byte Encode<T>(IEqualityComparer<T> comparer, Type owner)
    {
        if (comparer.Equals(EqualityComparer<T>.Default))
        {
            return 0;
        }

        var code = Array.IndexOf(StringComparers, comparer as StringComparer);
        return code >= 0 ? (byte)(code + 1) : throw new GrainSerializationException(
            $"{TypeNames.Format(owner)} uses the comparer {comparer.GetType().Name}, which cannot be recreated on the other side. " +
            "Use the default comparer or StringComparer.Ordinal/OrdinalIgnoreCase/InvariantCulture(IgnoreCase).");
    }

    public static IEqualityComparer<T>? Decode<T>(byte code, Type owner)
    {
        if (code == 0)
        {
            return null;
        }

        if (typeof(T) != typeof(string) || code > StringComparers.Length)
        {
            throw new GrainSerializationException($"The payload names comparer {code} for {TypeNames.Format(owner)}, which does not exist.");
        }

        return (IEqualityComparer<T>)StringComparers[code - 1];
    }

    static readonly StringComparer[] StringComparers =
    [
        StringComparer.Ordinal, StringComparer.OrdinalIgnoreCase, StringComparer.InvariantCulture, StringComparer.InvariantCultureIgnoreCase,
    ];
}
