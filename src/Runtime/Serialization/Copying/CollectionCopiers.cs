using System.Collections.ObjectModel;

namespace BigDL.Orleans.Serialization.Copying;

/// <summary>Copies a <see cref="List{T}"/>, keeping its elements' copies in order.</summary>
internal sealed class ListCopier<T> : ICopier
{
    readonly bool shallow = TypeRules.IsShallowCopyable(typeof(T));

    public object Copy(object original, CopyContext context)
    {
        var source = (List<T>)original;
        if (shallow)
        {
            var clone = new List<T>(source);
            context.Record(original, clone);
            return clone;
        }

        var copy = new List<T>(source.Count);
        context.Record(original, copy);
        foreach (var item in source)
        {
            copy.Add((T)context.Copy(item)!);
        }

        return copy;
    }
}

/// <summary>Copies a <see cref="ReadOnlyCollection{T}"/> over a copy of the list it wraps.</summary>
internal sealed class ReadOnlyCollectionCopier<T> : ICopier
{
    public object Copy(object original, CopyContext context)
    {
        var source = (ReadOnlyCollection<T>)original;
        var items = new T[source.Count];
        var copy = new ReadOnlyCollection<T>(items);
        context.Record(original, copy);
        for (var i = 0; i < items.Length; i++)
        {
            items[i] = (T)context.Copy(source[i])!;
        }

        return copy;
    }
}

/// <summary>Copies a <see cref="Dictionary{TKey, TValue}"/> with the same comparer.</summary>
internal sealed class DictionaryCopier<TKey, TValue> : ICopier
    where TKey : notnull
{
    readonly bool shallow = TypeRules.IsShallowCopyable(typeof(TKey)) && TypeRules.IsShallowCopyable(typeof(TValue));

    public object Copy(object original, CopyContext context)
    {
        var source = (Dictionary<TKey, TValue>)original;
        if (shallow)
        {
            var clone = new Dictionary<TKey, TValue>(source, source.Comparer);
            context.Record(original, clone);
            return clone;
        }

        var copy = new Dictionary<TKey, TValue>(source.Count, source.Comparer);
        context.Record(original, copy);
        foreach (var (key, value) in source)
        {
            copy.Add((TKey)context.Copy(key)!, (TValue)context.Copy(value)!);
        }

        return copy;
    }
}

/// <summary>Copies a <see cref="HashSet{T}"/> with the same comparer.</summary>
internal sealed class HashSetCopier<T> : ICopier
{
    public object Copy(object original, CopyContext context)
    {
        var source = (HashSet<T>)original;
        var copy = new HashSet<T>(source.Count, source.Comparer);
        context.Record(original, copy);
        foreach (var item in source)
        {
            copy.Add((T)context.Copy(item)!);
        }

        return copy;
    }
}

/// <summary>Copies a <see cref="Queue{T}"/>, front first.</summary>
internal sealed class QueueCopier<T> : ICopier
{
    public object Copy(object original, CopyContext context)
    {
        var source = (Queue<T>)original;
        var copy = new Queue<T>(source.Count);
        context.Record(original, copy);
        foreach (var item in source)
        {
            copy.Enqueue((T)context.Copy(item)!);
        }

        return copy;
    }
}

/// <summary>Copies a <see cref="Stack{T}"/>, keeping the top on top.</summary>
internal sealed class StackCopier<T> : ICopier
{
    public object Copy(object original, CopyContext context)
    {
        var source = ((Stack<T>)original).ToArray(); // top first
        var copy = new Stack<T>(source.Length);
        context.Record(original, copy);
        for (var i = source.Length - 1; i >= 0; i--)
        {
            copy.Push((T)context.Copy(source[i])!);
        }

        return copy;
    }
}
