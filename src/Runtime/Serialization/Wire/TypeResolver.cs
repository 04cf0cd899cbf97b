using System.Buffers;
using System.Collections.Concurrent;
using System.Reflection;

namespace BigDL.Orleans.Serialization.Wire;

/// <summary>Finds a type by full name and assembly simple name among the assemblies already loaded.</summary>
/// <remarks>
/// It never loads an assembly and never parses type-name syntax (brackets, commas, assembly-qualified arguments),
/// so a payload cannot make the process load code; generic arguments and arrays arrive as separate tokens.
/// Only hits are cached, so a stream of made-up names cannot grow the cache.
/// </remarks>
internal static class TypeResolver
{
    static readonly ConcurrentDictionary<(string Name, string Assembly), Type> Cache = new();
    static readonly SearchValues<char> TypeNameSyntax = SearchValues.Create("[],*&\\ \t\r\n");

    public static Type? Resolve(string fullName, string assemblyName)
    {
        if (Cache.TryGetValue((fullName, assemblyName), out var cached))
        {
            return cached;
        }

        if (fullName.Length == 0 || fullName.AsSpan().IndexOfAny(TypeNameSyntax) >= 0)
        {
            return null;
        }

        foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies())
        {
            if (!string.Equals(assembly.GetName().Name, assemblyName, StringComparison.Ordinal))
            {
                continue;
            }

            if (assembly.GetType(fullName, throwOnError: false, ignoreCase: false) is { } type)
            {
                return Cache.GetOrAdd((fullName, assemblyName), type);
            }
        }

        return null;
    }
}
