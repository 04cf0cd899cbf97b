using System.Collections.Concurrent;
using BigDL.Orleans.Serialization.Wire;

namespace BigDL.Orleans.Serialization.Codecs;

/// <summary>Reads keys of hashed collections so that hashing them cannot recurse forever.</summary>
/// <remarks>
/// A payload can close a cycle through a record (a record whose field points back to itself). Its generated
/// GetHashCode then recurses without end and the process dies of a stack overflow, which no catch can stop. So a key
/// with a value-based hash is refused when it reaches a cycle; keys hashed by reference are safe.
/// </remarks>
internal static class HashKeys
{
    static readonly ConcurrentDictionary<Type, bool> StructuralHash = new();

    public static object? Read(ref WireReader reader, Type declared, CodecRef codec, Type owner)
    {
        var cycles = reader.Session.CycleReaches;
        var key = ValueReader.Read(ref reader, declared, codec);
        if (key is not null && reader.Session.CycleReaches != cycles && HashesFields(key.GetType()))
        {
            throw new GrainSerializationException(
                $"The payload holds a key of {TypeNames.Format(owner)} that reaches a cycle of references; hashing such a key could recurse forever, so it is refused.");
        }

        return key;
    }

    static bool HashesFields(Type type) => StructuralHash.GetOrAdd(type, static t =>
        !(t.IsPrimitive || t.IsEnum || TypeRules.IsImmutableScalar(t))
        && (t.IsValueType || t.GetMethod(nameof(GetHashCode), Type.EmptyTypes)?.DeclaringType != typeof(object)));
}
