using System.Collections.Concurrent;
using System.Collections.ObjectModel;
using System.Reflection;

namespace BigDL.Orleans.Serialization.Copying;

/// <summary>Builds and caches one copier per runtime type; null means values of the type are passed as they are.</summary>
internal static class CopierCache
{
    static readonly ConcurrentDictionary<Type, ICopier?> Cache = new();

    static readonly Dictionary<Type, Type> CollectionCopiers = new()
    {
        [typeof(List<>)] = typeof(ListCopier<>),
        [typeof(Dictionary<,>)] = typeof(DictionaryCopier<,>),
        [typeof(HashSet<>)] = typeof(HashSetCopier<>),
        [typeof(Queue<>)] = typeof(QueueCopier<>),
        [typeof(ReadOnlyCollection<>)] = typeof(ReadOnlyCollectionCopier<>),
        [typeof(Stack<>)] = typeof(StackCopier<>),
    };

    public static ICopier? For(Type type) => Cache.TryGetValue(type, out var copier) ? copier : Cache.GetOrAdd(type, Build);

    static ICopier? Build(Type type)
    {
        if (TypeRules.IsShallowCopyable(type))
        {
            return null;
        }

        if (TypeRules.Blocker(type) is { } reason)
        {
            return new FailingCopier(
                $"{TypeNames.Format(type)} cannot be copied into a grain call: it is {reason}. Grain calls carry data, not " +
                "behaviour or resources: pass the data it works on (or a grain reference) instead. Only a call inside one silo " +
                "can pass it, wrapped in Immutable<T>, and only if nothing ever mutates it.");
        }

        try
        {
            return BuildSupported(type) ?? new FailingCopier(
                $"{TypeNames.Format(type)} from {type.Assembly.GetName().Name} is not a type the copier knows. Pass data the runtime " +
                "understands (records, classes, structs, arrays, List, Dictionary, HashSet, immutable collections), or wrap the " +
                "value in Immutable<T> if you guarantee it is never mutated.");
        }
        catch (GrainSerializationException e)
        {
            return new FailingCopier(e.Message);
        }
    }

    static ICopier? BuildSupported(Type type)
    {
        if (type.IsArray)
        {
            var element = type.GetElementType()!; // arrays always have one
            if (TypeRules.IsShallowCopyable(element))
            {
                return new CloneArrayCopier();
            }

            return type.IsSZArray ? Create(typeof(ArrayCopier<>), element) : new MultiArrayCopier();
        }

        if (type.IsGenericType && CollectionCopiers.TryGetValue(type.GetGenericTypeDefinition(), out var copierType))
        {
            return Create(copierType, type.GetGenericArguments());
        }

        if (!TypeRules.IsFieldwise(type))
        {
            return null;
        }

        return TypeRules.FieldwiseBlocker(type) is { } problem
            ? throw new GrainSerializationException($"{TypeNames.Format(type)} cannot be copied: it {problem}.")
            : new ObjectCopier(type);
    }

    static ICopier Create(Type definition, params Type[] arguments) =>
        (ICopier)Activator.CreateInstance(definition.MakeGenericType(arguments))!; // the copiers have public parameterless constructors

    /// <summary>Returns why values declared as <paramref name="type"/> (or anything they hold) cannot be copied, or null.</summary>
    /// <remarks>Object, interfaces and abstract classes are checked value by value when copied, so they pass here.</remarks>
    public static string? Problem(Type type) => Problem(type, []);

    static string? Problem(Type type, HashSet<Type> visited)
    {
        if (!visited.Add(type) || TypeRules.IsShallowCopyable(type))
        {
            return null;
        }

        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return Problem(underlying, visited);
        }

        if (TypeRules.Blocker(type) is null && (type == typeof(object) || type.IsInterface || type.IsAbstract))
        {
            return null;
        }

        var copier = For(type);
        if (copier is FailingCopier failing)
        {
            return failing.Message;
        }

        IEnumerable<Type> children = copier is ObjectCopier objectCopier ? objectCopier.DeepFieldTypes
            : type.IsArray ? [type.GetElementType()!] // arrays always have one
            : type.GetGenericArguments();
        return children.Select(child => Problem(child, visited)).FirstOrDefault(problem => problem is not null);
    }

    sealed class FailingCopier(string message) : ICopier
    {
        public string Message { get; } = message;

        public object Copy(object original, CopyContext context) => throw new GrainSerializationException(Message);
    }
}
