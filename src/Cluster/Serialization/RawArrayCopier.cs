using Orleans.Serialization.Cloning;

namespace BigDL.Cluster.Serialization;

/// <summary>Copies a <typeparamref name="T"/>[] with one block copy instead of Orleans' per-element <see cref="Orleans.Serialization.Codecs.ArrayCopier{T}"/>.</summary>
internal sealed class RawArrayCopier<T> : IDeepCopier<T[]>
    where T : unmanaged
{
    public T[]? DeepCopy(T[]? input, CopyContext context)
    {
        // TryGetCopy answers null with null and keeps one copy per original, so aliasing survives the copy.
        if (context.TryGetCopy<T[]>(input, out var result))
        {
            return result;
        }

        result = input.AsSpan().ToArray();
        context.RecordCopy(input, result);
        return result;
    }
}
