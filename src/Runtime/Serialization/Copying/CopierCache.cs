using System.Collections.Concurrent;
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
                "behaviour or resources: pass the data it works on (or a grain reference) instead.");
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

    sealed class FailingCopier(string message) : ICopier
    {
        public object Copy(object original, CopyContext context) => throw new GrainSerializationException(message);
    }
}
