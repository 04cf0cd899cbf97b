using System.Runtime.CompilerServices;

namespace BigDL.Orleans.Serialization.Copying;

/// <summary>The state of one deep copy: originals mapped to their copies, so shared references and cycles survive.</summary>
internal sealed class CopyContext
{
    readonly Dictionary<object, object> copies = new(ReferenceEqualityComparer.Instance);
    int depth;

    public int MaxDepth { get; set; } = BinarySerializerOptions.DefaultMaxDepth;

    // Collections are mostly of one type: remembering the last lookup skips the shared cache for most elements.
    Type? lastType;
    ICopier? lastCopier;

    /// <summary>Returns a deep copy of <paramref name="value"/>, or the value itself when it is immutable.</summary>
    public object? Copy(object? value)
    {
        if (value is null)
        {
            return null;
        }

        var type = value.GetType();
        ICopier? copier;
        if (type == lastType)
        {
            copier = lastCopier;
        }
        else
        {
            copier = CopierCache.For(type);
            (lastType, lastCopier) = (type, copier);
        }

        if (copier is null)
        {
            return value;
        }

        if (!type.IsValueType && copies.TryGetValue(value, out var existing))
        {
            return existing;
        }

        if (++depth > MaxDepth || !RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw new GrainSerializationException(
                $"Copying {TypeNames.Format(type)} nests deeper than {MaxDepth} objects (the {nameof(DeepCopier)}'s maxDepth, which " +
                "matches the serializer's MaxDepth so that calls behave the same in one silo and across silos). Pass a flatter " +
                "structure (an array or a list instead of a long linked chain), or wrap the value in Immutable<T> if it is never mutated.");
        }

        try
        {
            return copier.Copy(value, this);
        }
        finally
        {
            depth--;
        }
    }

    /// <summary>Records <paramref name="copy"/> as the copy of <paramref name="original"/>; call before copying children.</summary>
    public void Record(object original, object copy)
    {
        if (!original.GetType().IsValueType)
        {
            copies[original] = copy;
        }
    }

    public void Reset()
    {
        copies.Clear();
        depth = 0;
    }
}
