using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Collections.ObjectModel;
using System.Numerics;
using System.Reflection;

namespace BigDL.Orleans.Serialization.Codecs;

/// <summary>Builds one codec per type on first use and caches it; this is also the list of types allowed on the wire.</summary>
internal static class CodecCache
{
    static readonly ConcurrentDictionary<Type, Codec> Cache = new();

    static readonly Dictionary<Type, Type> GenericCodecs = new()
    {
        [typeof(List<>)] = typeof(ListCodec<>),
        [typeof(Dictionary<,>)] = typeof(DictionaryCodec<,>),
        [typeof(HashSet<>)] = typeof(HashSetCodec<>),
        [typeof(Queue<>)] = typeof(QueueCodec<>),
        [typeof(ReadOnlyCollection<>)] = typeof(ReadOnlyCollectionCodec<>),
        [typeof(Stack<>)] = typeof(StackCodec<>),
        [typeof(Immutable<>)] = typeof(ImmutableWrapperCodec<>),
        [typeof(ImmutableArray<>)] = typeof(ImmutableArrayCodec<>),
        [typeof(ImmutableList<>)] = typeof(ImmutableListCodec<>),
        [typeof(ImmutableHashSet<>)] = typeof(ImmutableHashSetCodec<>),
        [typeof(ImmutableDictionary<,>)] = typeof(ImmutableDictionaryCodec<,>),
    };

    /// <summary>Types whose every bit pattern is a valid value, so they travel as raw bytes.</summary>
    static readonly HashSet<Type> BlittableTypes =
    [
        typeof(byte), typeof(sbyte), typeof(short), typeof(ushort), typeof(int), typeof(uint), typeof(long), typeof(ulong),
        typeof(nint), typeof(nuint), typeof(float), typeof(double), typeof(char), typeof(Half), typeof(Int128), typeof(UInt128),
        typeof(Guid), typeof(TimeSpan),
    ];

    static readonly Dictionary<Type, Func<Codec>> ScalarCodecs = new()
    {
        [typeof(bool)] = () => new BooleanCodec(),
        [typeof(string)] = () => new StringCodec(),
        [typeof(decimal)] = () => new DecimalCodec(),
        [typeof(DateTime)] = () => new DateTimeCodec(),
        [typeof(DateTimeOffset)] = () => new DateTimeOffsetCodec(),
        [typeof(DateOnly)] = () => new DateOnlyCodec(),
        [typeof(TimeOnly)] = () => new TimeOnlyCodec(),
        [typeof(BigInteger)] = () => new BigIntegerCodec(),
        [typeof(Uri)] = () => new UriCodec(),
        [typeof(Version)] = () => new VersionCodec(),
        [typeof(CancellationToken)] = () => new CancellationTokenCodec(),
        [typeof(GrainId)] = () => new GrainIdCodec(),
    };

    static readonly MethodInfo CreateGenericMethod = typeof(CodecCache).GetMethod(nameof(CreateGeneric), BindingFlags.NonPublic | BindingFlags.Static)!;

    /// <summary>Returns the codec for values whose runtime type is exactly <paramref name="type"/>.</summary>
    /// <exception cref="GrainSerializationException">Values of the type may not be serialized; the message says why.</exception>
    public static Codec For(Type type) => Cache.TryGetValue(type, out var codec) ? codec : Cache.GetOrAdd(type, Build);

    /// <summary>Returns true for numbers and enums: arrays of them travel as one raw block.</summary>
    public static bool IsBlittable(Type type) => type == typeof(bool) || type.IsEnum || BlittableTypes.Contains(type);

    static Codec Build(Type type)
    {
        try
        {
            return BuildSupported(type) ?? new FailingCodec(type, Unsupported(type));
        }
        catch (GrainSerializationException e)
        {
            return new FailingCodec(type, e.Message);
        }
    }

    static Codec? BuildSupported(Type type)
    {
        if (TypeRules.Blocker(type) is { } reason)
        {
            return new FailingCodec(type, $"{TypeNames.Format(type)} cannot be serialized: it is {reason}. Grain calls carry data, not " +
                "behaviour or resources: pass the data it works on (or a grain reference) instead.");
        }

        if (ScalarCodecs.TryGetValue(type, out var scalar))
        {
            return scalar();
        }

        if (type.IsEnum || BlittableTypes.Contains(type))
        {
            return Create(typeof(BlittableCodec<>), type);
        }

        if (type.IsArray)
        {
            var element = type.GetElementType()!; // arrays always have one
            CheckArgument(type, element);
            if (!type.IsSZArray)
            {
                return new MultiArrayCodec(type);
            }

            return Create(IsBlittable(element) ? typeof(BlittableArrayCodec<>) : typeof(ArrayCodec<>), element);
        }

        if (type.IsGenericType && GenericCodecs.TryGetValue(type.GetGenericTypeDefinition(), out var codecType))
        {
            var arguments = type.GetGenericArguments();
            foreach (var argument in arguments)
            {
                CheckArgument(type, argument);
            }

            return Create(codecType, arguments);
        }

        if (typeof(Exception).IsAssignableFrom(type) || typeof(IAddressable).IsAssignableFrom(type) || typeof(Type).IsAssignableFrom(type))
        {
            throw new GrainSerializationException($"{TypeNames.Format(type)} travels with its own tag, never as a plain value.");
        }

        if (TypeRules.IsFieldwise(type))
        {
            if (TypeRules.FieldwiseBlocker(type) is { } problem)
            {
                throw new GrainSerializationException($"{TypeNames.Format(type)} cannot be serialized: it {problem}.");
            }

            return new ObjectCodec(type);
        }

        return null;
    }

    /// <summary>An element or type argument may be abstract (values are checked one by one), but never behaviour or a resource.</summary>
    static void CheckArgument(Type owner, Type argument)
    {
        if (TypeRules.Blocker(argument) is { } reason)
        {
            throw new GrainSerializationException($"{TypeNames.Format(owner)} cannot be serialized: {TypeNames.Format(argument)} is {reason}.");
        }
    }

    static string Unsupported(Type type) =>
        type.IsInterface || type.IsAbstract
            ? $"{TypeNames.Format(type)} is abstract; the payload must name the concrete type of each value."
            : $"{TypeNames.Format(type)} from {type.Assembly.GetName().Name} is not a type the serializer knows. Pass data it understands " +
              "(records, classes, structs, arrays, List, Dictionary, HashSet, Queue, Stack, immutable collections, tuples).";

    static Codec Create(Type definition, params Type[] arguments) =>
        (Codec)CreateGenericMethod.MakeGenericMethod(definition.MakeGenericType(arguments)).Invoke(null, null)!;

    static TCodec CreateGeneric<TCodec>()
        where TCodec : Codec, new() => new();

    /// <summary>Returns why values declared as <paramref name="type"/> (or anything they hold) cannot be serialized, or null.</summary>
    /// <remarks>Object, interfaces and abstract classes are checked value by value when written, so they pass here.</remarks>
    public static string? Problem(Type type) => Problem(type, []);

    static string? Problem(Type type, HashSet<Type> visited)
    {
        if (!visited.Add(type))
        {
            return null;
        }

        if (TypeRules.Blocker(type) is { } reason)
        {
            return $"{TypeNames.Format(type)} cannot be serialized: it is {reason}.";
        }

        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return Problem(underlying, visited);
        }

        if (type == typeof(object) || type.IsInterface || type.IsAbstract
            || typeof(Exception).IsAssignableFrom(type) || typeof(Type).IsAssignableFrom(type))
        {
            return null;
        }

        var codec = For(type);
        if (codec is FailingCodec failing)
        {
            return failing.Message;
        }

        IEnumerable<Type> children = codec is ObjectCodec objectCodec ? objectCodec.FieldTypes
            : type.IsArray ? [type.GetElementType()!] // arrays always have one
            : type.GetGenericArguments();
        return children.Select(child => Problem(child, visited)).FirstOrDefault(problem => problem is not null);
    }

    sealed class FailingCodec(Type type, string message) : Codec(type)
    {
        public string Message { get; } = message;

        public override void Write(Wire.WireWriter writer, object value) => throw new GrainSerializationException(Message);

        public override object Read(ref Wire.WireReader reader, int slot) => throw new GrainSerializationException(Message);
    }
}
