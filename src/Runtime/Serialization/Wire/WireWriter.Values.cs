using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using BigDL.Orleans.Serialization.Codecs;

namespace BigDL.Orleans.Serialization.Wire;

/// <summary>The value layer of the writer: tags, polymorphism, shared references and type tokens.</summary>
internal sealed partial class WireWriter
{
    static readonly ConcurrentDictionary<Type, (string FullName, string Assembly)> TypeNameCache = new();

    Dictionary<object, int>? objects;
    Dictionary<Type, int>? types;
    int depth;

    /// <summary>Writes <paramref name="value"/> as a value declared as <paramref name="declared"/>.</summary>
    /// <param name="value">The value; its runtime type may be any serializable type assignable to <paramref name="declared"/>.</param>
    /// <param name="declared">The static type the reader will ask for.</param>
    /// <param name="declaredCodec">The codec for <paramref name="declared"/> when the caller holds it already.</param>
    public void WriteValue(object? value, Type declared, CodecRef? declaredCodec = null)
    {
        if (declared.IsValueType && !IsNullable(declared, out _))
        {
            // Neither null nor polymorphic: the payload alone.
            WritePayload(declaredCodec?.Codec ?? CodecCache.For(declared), value ?? throw NullForValueType(declared));
            return;
        }

        if (value is null)
        {
            WriteByte(WireTag.Null);
            return;
        }

        if (IsNullable(declared, out var underlying))
        {
            declared = underlying;
            declaredCodec = null;
        }

        switch (value)
        {
            case Exception exception:
                WriteByte(WireTag.Exception);
                Enter(declared);
                ExceptionCodec.Write(this, exception);
                depth--;
                return;
            case GrainReference reference:
                WriteByte(WireTag.GrainReference);
                WriteString(reference.GrainId.Type);
                WriteString(reference.GrainId.Key);
                WriteTypeToken(reference.InterfaceType);
                return;
            case IAddressable:
                throw new GrainSerializationException(
                    $"{TypeNames.Format(value.GetType())} is a grain or observer object, not a reference to one; it cannot leave its process. " +
                    "Pass a grain reference (GetGrain, or CreateObjectReference for an observer) instead.");
            case Type type:
                WriteByte(WireTag.Type);
                WriteTypeToken(type);
                return;
        }

        var runtimeType = value.GetType();
        if (!runtimeType.IsValueType && runtimeType != typeof(string))
        {
            objects ??= new Dictionary<object, int>(ReferenceEqualityComparer.Instance);
            if (objects.TryGetValue(value, out var index))
            {
                WriteByte(WireTag.Reference);
                WriteVarUInt32((uint)index);
                return;
            }

            objects.Add(value, objects.Count);
        }

        Codec codec;
        if (runtimeType == declared)
        {
            codec = declaredCodec?.Codec ?? CodecCache.For(runtimeType);
            WriteByte(WireTag.Value);
        }
        else
        {
            codec = CodecCache.For(runtimeType);
            WriteByte(WireTag.Typed);
            WriteTypeToken(runtimeType);
        }

        WritePayload(codec, value);
    }

    /// <summary>Writes a token naming <paramref name="type"/>; a type written before in this payload costs one varint.</summary>
    public void WriteTypeToken(Type type)
    {
        types ??= [];
        if (types.TryGetValue(type, out var index))
        {
            WriteVarUInt32((uint)index + 1);
            return;
        }

        WriteVarUInt32(0);
        if (type.IsArray)
        {
            WriteByte(WireTag.ArrayType);
            WriteByte(type.IsSZArray ? (byte)0 : (byte)type.GetArrayRank());
            WriteTypeToken(type.GetElementType()!); // arrays always have one
        }
        else if (type.IsConstructedGenericType)
        {
            var arguments = type.GetGenericArguments();
            WriteByte(WireTag.GenericType);
            WriteTypeToken(type.GetGenericTypeDefinition());
            WriteByte((byte)arguments.Length);
            foreach (var argument in arguments)
            {
                WriteTypeToken(argument);
            }
        }
        else
        {
            var (fullName, assembly) = TypeNameCache.GetOrAdd(type, static t =>
                (t.FullName ?? throw new GrainSerializationException($"{t} has no full name and cannot be named on the wire."),
                 t.Assembly.GetName().Name ?? string.Empty));
            WriteByte(WireTag.NamedType);
            WriteString(fullName);
            WriteString(assembly);
        }

        // Numbered after its parts, in the same order the reader resolves them.
        types.Add(type, types.Count);
    }

    void WritePayload(Codec codec, object value)
    {
        Enter(codec.Type);
        codec.Write(this, value);
        depth--;
    }

    void Enter(Type type)
    {
        if (++depth > Options.MaxDepth || !RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw new GrainSerializationException(
                $"Serializing {TypeNames.Format(type)} nests deeper than {Options.MaxDepth} values " +
                $"({nameof(BinarySerializerOptions)}.{nameof(BinarySerializerOptions.MaxDepth)}). Pass a flatter structure, " +
                "such as an array or a list instead of a long linked chain.");
        }
    }

    static bool IsNullable(Type type, out Type underlying)
    {
        underlying = Nullable.GetUnderlyingType(type)!;
        return underlying is not null;
    }

    static GrainSerializationException NullForValueType(Type type) =>
        new($"A null value was given where {TypeNames.Format(type)} (a value type) is declared.");
}
