using System.Collections.Concurrent;

namespace BigDL.Orleans.Serialization.Wire;

/// <summary>Bounds how many distinct generic and array types payloads may make this process construct.</summary>
/// <remarks>
/// A constructed type, and the codec built for it, lives as long as the process. Without a bound a peer could name
/// endless new combinations (tuples of tuples of ...) and grow memory without end.
/// </remarks>
internal static class WireTypes
{
    const int MaxConstructedTypes = 20_000;

    static readonly ConcurrentDictionary<Type, bool> Admitted = new();

    public static Type Admit(Type type)
    {
        if (Admitted.ContainsKey(type))
        {
            return type;
        }

        if (Admitted.Count >= MaxConstructedTypes)
        {
            throw new GrainSerializationException(
                $"Payloads have named more than {MaxConstructedTypes} distinct generic or array types; {TypeNames.Format(type)} is refused.");
        }

        Admitted.TryAdd(type, true);
        return type;
    }
}
