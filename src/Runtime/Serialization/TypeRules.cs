using System.Collections.Concurrent;
using System.Numerics;
using System.Reflection;
using System.Runtime.InteropServices;

namespace BigDL.Orleans.Serialization;

/// <summary>Decides, once per type, what the copier and the serializer may do with values of that type.</summary>
internal static class TypeRules
{
    static readonly ConcurrentDictionary<Type, bool> ShallowCache = new();
    static readonly ConcurrentDictionary<Type, string?> BlockerCache = new();

    /// <summary>Immutable value-like types from the framework that are copied by reference and serialized by a codec.</summary>
    static readonly HashSet<Type> ImmutableScalars =
    [
        typeof(string), typeof(decimal), typeof(DateTime), typeof(DateTimeOffset), typeof(DateOnly), typeof(TimeOnly),
        typeof(TimeSpan), typeof(Guid), typeof(Half), typeof(Int128), typeof(UInt128), typeof(BigInteger),
        typeof(Uri), typeof(Version), typeof(CancellationToken), typeof(GrainId),
    ];

    /// <summary>Framework generic types whose fields carry exactly their data, so they are handled field by field.</summary>
    static readonly HashSet<Type> FieldwiseFrameworkGenerics =
    [
        typeof(KeyValuePair<,>), typeof(ValueTuple<>), typeof(ValueTuple<,>), typeof(ValueTuple<,,>), typeof(ValueTuple<,,,>),
        typeof(ValueTuple<,,,,>), typeof(ValueTuple<,,,,,>), typeof(ValueTuple<,,,,,,>), typeof(ValueTuple<,,,,,,,>),
        typeof(Tuple<>), typeof(Tuple<,>), typeof(Tuple<,,>), typeof(Tuple<,,,>), typeof(Tuple<,,,,>), typeof(Tuple<,,,,,>),
        typeof(Tuple<,,,,,,>), typeof(Tuple<,,,,,,,>),
    ];

    /// <summary>Framework structs made only of numbers, handled field by field.</summary>
    static readonly HashSet<Type> FieldwiseFrameworkStructs =
    [
        typeof(Vector2), typeof(Vector3), typeof(Vector4), typeof(Quaternion), typeof(Plane), typeof(Matrix3x2),
        typeof(Matrix4x4), typeof(Complex),
    ];

    /// <summary>Returns true when a value declared as <paramref name="type"/> can be passed without copying.</summary>
    public static bool IsShallowCopyable(Type type) => ShallowCache.GetOrAdd(type, ComputeShallow);

    /// <summary>Returns why values of <paramref name="type"/> may never be copied or serialized, or null when they may.</summary>
    /// <remarks>These are behaviour and resources (delegates, streams, tasks, handles): a copy would be wrong or unsafe.</remarks>
    public static string? Blocker(Type type) => BlockerCache.GetOrAdd(type, ComputeBlocker);

    /// <summary>Returns true for types defined by the .NET framework rather than by an application.</summary>
    /// <remarks>
    /// Framework types are only handled when listed here: building arbitrary framework objects field by field breaks
    /// their invariants, and instantiating them from the wire is how deserialization gadget attacks work.
    /// </remarks>
    public static bool IsFrameworkType(Type type)
    {
        var name = type.Assembly.GetName().Name ?? string.Empty;
        return name is "mscorlib" or "netstandard" or "System"
            || name.StartsWith("System.", StringComparison.Ordinal)
            || name.StartsWith("Microsoft.", StringComparison.Ordinal);
    }

    public static bool IsImmutableScalar(Type type) => ImmutableScalars.Contains(type);

    /// <summary>System.Collections.Immutable and Frozen collections: never mutated, so passed as they are.</summary>
    public static bool IsImmutableCollection(Type type) =>
        (type.Namespace is "System.Collections.Immutable" or "System.Collections.Frozen" && !type.IsValueType && IsFrameworkType(type))
        || IsImmutableArray(type);

    public static bool IsImmutableArray(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == typeof(System.Collections.Immutable.ImmutableArray<>);

    public static bool IsImmutableWrapper(Type type) => type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Immutable<>);

    /// <summary>Returns true when instances are handled by copying or writing their fields one by one.</summary>
    public static bool IsFieldwise(Type type)
    {
        if (type.IsGenericType && FieldwiseFrameworkGenerics.Contains(type.GetGenericTypeDefinition()))
        {
            return true;
        }

        if (FieldwiseFrameworkStructs.Contains(type))
        {
            return true;
        }

        return !IsFrameworkType(type) && (type.IsClass || type.IsValueType) && !type.IsAbstract && !type.IsArray;
    }

    /// <summary>Returns why a field-by-field type may still not be copied or serialized, or null when it may.</summary>
    /// <remarks>
    /// A finalizer means the object owns a resource: two copies would release it twice, and a payload could aim one at
    /// anything. A framework base class keeps private state the runtime knows nothing about.
    /// </remarks>
    public static string? FieldwiseBlocker(Type type)
    {
        for (var t = type; t is not null && t != typeof(object) && t != typeof(ValueType); t = t.BaseType)
        {
            if (t.GetMethod("Finalize", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.DeclaredOnly, Type.EmptyTypes) is not null)
            {
                return "has a finalizer, so it owns a resource rather than holding data";
            }

            if (t != type && IsFrameworkType(t))
            {
                return $"derives from {TypeNames.Format(t)}, a framework type whose private state the runtime does not know; hold one in a field instead";
            }
        }

        return null;
    }

    /// <summary>Returns the instance fields of <paramref name="type"/> and its base classes, base class first, then by name.</summary>
    /// <remarks>A stable order matters: both ends of a connection must agree on it without exchanging names.</remarks>
    public static FieldInfo[] InstanceFields(Type type)
    {
        var levels = new List<FieldInfo[]>();
        for (var current = type; current is not null && current != typeof(object) && current != typeof(ValueType); current = current.BaseType)
        {
            var declared = current.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly);
            Array.Sort(declared, (a, b) => string.CompareOrdinal(a.Name, b.Name));
            levels.Add(declared);
        }

        levels.Reverse();
        return [.. levels.SelectMany(level => level)];
    }

    static bool ComputeShallow(Type type)
    {
        if (type.IsPrimitive || type.IsEnum || IsImmutableScalar(type) || typeof(MemberInfo).IsAssignableFrom(type))
        {
            return true;
        }

        if (typeof(IAddressable).IsAssignableFrom(type) || typeof(Exception).IsAssignableFrom(type))
        {
            // References are immutable; exceptions are treated as immutable once they cross a call.
            return true;
        }

        if (type.IsDefined(typeof(ImmutableAttribute), inherit: false) || IsImmutableWrapper(type) || IsImmutableCollection(type))
        {
            return true;
        }

        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return IsShallowCopyable(underlying);
        }

        if (!type.IsValueType || type.IsByRefLike || type.ContainsGenericParameters || Blocker(type) is not null)
        {
            return false;
        }

        // A struct is copied by assignment; that is a full copy when none of its fields reaches mutable state.
        return InstanceFields(type).All(field => field.FieldType != type && IsShallowCopyable(field.FieldType));
    }

    static string? ComputeBlocker(Type type)
    {
        if (type.IsPointer || type.IsFunctionPointer || type.IsByRef || type.IsByRefLike)
        {
            return "a pointer, a reference or a stack-only type";
        }

        if (type.ContainsGenericParameters)
        {
            return "an open generic type";
        }

        if (typeof(Delegate).IsAssignableFrom(type))
        {
            return "a delegate (behaviour, not data)";
        }

        if (typeof(Stream).IsAssignableFrom(type))
        {
            return "a stream (a resource, not data)";
        }

        if (typeof(Task).IsAssignableFrom(type) || type == typeof(ValueTask)
            || type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ValueTask<>))
        {
            return "a task (an operation in progress, not data)";
        }

        if (typeof(SafeHandle).IsAssignableFrom(type) || typeof(WaitHandle).IsAssignableFrom(type)
            || typeof(Thread).IsAssignableFrom(type) || typeof(CancellationTokenSource).IsAssignableFrom(type)
            || typeof(MarshalByRefObject).IsAssignableFrom(type) || type == typeof(GCHandle))
        {
            return "an operating-system or runtime resource";
        }

        return null;
    }
}
