using System.Runtime.CompilerServices;
using BigDL.Orleans.Serialization.Codecs;

namespace BigDL.Orleans.Serialization.Wire;

/// <summary>The value layer of the reader: tags, polymorphism with type checks, shared references and type tokens.</summary>
internal static class ValueReader
{
    const int MaxTypeNesting = 12;
    const int MaxTypeNameBytes = 1024;
    const int MaxGrainIdBytes = 16 * 1024;

    /// <summary>Reads a value declared as <paramref name="declared"/>; the result is always assignable to it.</summary>
    public static object? Read(ref WireReader reader, Type declared, CodecRef? declaredCodec = null)
    {
        if (declared.IsValueType && Nullable.GetUnderlyingType(declared) is null)
        {
            return ReadPayload(ref reader, declaredCodec?.Codec ?? CodecCache.For(declared), slot: -1);
        }

        var tag = reader.ReadByte();
        if (Nullable.GetUnderlyingType(declared) is { } underlying)
        {
            declared = underlying;
            declaredCodec = null;
        }

        Codec codec;
        switch (tag)
        {
            case WireTag.Null:
                return null;
            case WireTag.Reference:
                return Checked(reader.Session.Get(reader.ReadVarUInt32()), declared);
            case WireTag.Value:
                codec = declaredCodec?.Codec ?? CodecCache.For(declared);
                break;
            case WireTag.Typed:
                var type = ReadTypeToken(ref reader);
                if (!declared.IsAssignableFrom(type))
                {
                    throw new GrainSerializationException(
                        $"The payload names {TypeNames.Format(type)} where {TypeNames.Format(declared)} is declared; it is not assignable, so it is refused.");
                }

                codec = CodecCache.For(type);
                break;
            case WireTag.Exception:
                if (!declared.IsAssignableFrom(typeof(Exception)) && !typeof(Exception).IsAssignableFrom(declared))
                {
                    throw new GrainSerializationException($"The payload holds an exception where {TypeNames.Format(declared)} is declared.");
                }

                Enter(ref reader, declared);
                var exception = ExceptionCodec.Read(ref reader);
                reader.Session.Depth--;
                return Checked(exception, declared);
            case WireTag.GrainReference:
                return Checked(ReadGrainReference(ref reader), declared);
            case WireTag.Type:
                var value = ReadTypeToken(ref reader);
                if (TypeRules.Blocker(value) is { } reason)
                {
                    throw new GrainSerializationException($"The payload names the type {TypeNames.Format(value)}, which is {reason}; it is refused.");
                }

                return Checked(value, declared);
            default:
                throw new GrainSerializationException($"The payload holds tag {tag} where a value of {TypeNames.Format(declared)} begins; the payload is corrupt or from an incompatible version.");
        }

        var slot = codec.Type.IsValueType || codec.Type == typeof(string) ? -1 : reader.Session.Reserve();
        reader.Session.Open(slot);
        var result = ReadPayload(ref reader, codec, slot);
        reader.Session.Fill(slot, result);
        reader.Session.Close(slot);
        return result;
    }

    /// <summary>Reads a type token; the type is resolved only among assemblies already loaded, and never instantiated here.</summary>
    public static Type ReadTypeToken(ref WireReader reader, int nesting = 0)
    {
        var types = reader.Session.Types;
        var index = reader.ReadVarUInt32();
        if (index > 0)
        {
            return index <= (uint)types.Count
                ? types[(int)index - 1]
                : throw new GrainSerializationException($"The payload refers to type #{index - 1}, but only {types.Count} types precede it.");
        }

        if (nesting > MaxTypeNesting)
        {
            throw new GrainSerializationException($"The payload names a type nested more than {MaxTypeNesting} levels deep; it is refused.");
        }

        var type = reader.ReadByte() switch
        {
            WireTag.NamedType => ReadNamedType(ref reader),
            WireTag.GenericType => ReadGenericType(ref reader, nesting),
            WireTag.ArrayType => ReadArrayType(ref reader, nesting),
            var kind => throw new GrainSerializationException($"The payload holds type token kind {kind}, which does not exist."),
        };
        types.Add(type);
        return type;
    }

    static Type ReadNamedType(ref WireReader reader)
    {
        var name = ReadBoundedString(ref reader, MaxTypeNameBytes);
        var assembly = ReadBoundedString(ref reader, MaxTypeNameBytes);
        return TypeResolver.Resolve(name, assembly) ?? throw new GrainSerializationException(
            $"The payload names the type '{name}' from assembly '{assembly}', which is not loaded in this process; " +
            "both ends must run the same grain interfaces and data types.");
    }

    static Type ReadGenericType(ref WireReader reader, int nesting)
    {
        var definition = ReadTypeToken(ref reader, nesting + 1);
        int count = reader.ReadByte();
        if (!definition.IsGenericTypeDefinition || definition.GetGenericArguments().Length != count)
        {
            throw new GrainSerializationException($"The payload applies {count} type arguments to {TypeNames.Format(definition)}, which does not take them.");
        }

        var arguments = new Type[count];
        for (var i = 0; i < count; i++)
        {
            arguments[i] = ReadTypeToken(ref reader, nesting + 1);
            if (arguments[i].ContainsGenericParameters || TypeRules.Blocker(arguments[i]) is not null)
            {
                throw new GrainSerializationException($"The payload uses {TypeNames.Format(arguments[i])} as a type argument; it is refused.");
            }
        }

        try
        {
            return WireTypes.Admit(definition.MakeGenericType(arguments));
        }
        catch (ArgumentException e)
        {
            throw new GrainSerializationException($"The payload names {TypeNames.Format(definition)} with type arguments that break its constraints.", e);
        }
    }

    static Type ReadArrayType(ref WireReader reader, int nesting)
    {
        int rank = reader.ReadByte();
        var element = ReadTypeToken(ref reader, nesting + 1);
        if (rank > 32 || element.ContainsGenericParameters || TypeRules.Blocker(element) is not null || element == typeof(void))
        {
            throw new GrainSerializationException($"The payload names an array of {TypeNames.Format(element)} with rank {rank}; it is refused.");
        }

        try
        {
            return WireTypes.Admit(rank == 0 ? element.MakeArrayType() : element.MakeArrayType(rank));
        }
        catch (TypeLoadException e)
        {
            throw new GrainSerializationException($"The payload names an array of {TypeNames.Format(element)} that cannot exist.", e);
        }
    }

    static GrainReference ReadGrainReference(ref WireReader reader)
    {
        var grainId = new GrainId(ReadBoundedString(ref reader, MaxGrainIdBytes), ReadBoundedString(ref reader, MaxGrainIdBytes));
        var interfaceType = ReadTypeToken(ref reader);
        if (!interfaceType.IsInterface || !typeof(IAddressable).IsAssignableFrom(interfaceType))
        {
            throw new GrainSerializationException($"The payload holds a reference to {grainId} through {TypeNames.Format(interfaceType)}, which is not a grain or observer interface.");
        }

        var activator = reader.Session.Options.GrainReferenceActivator ?? throw new GrainSerializationException(
            $"The payload holds a reference to {grainId}, but no {nameof(IGrainReferenceActivator)} is configured " +
            $"({nameof(BinarySerializerOptions)}.{nameof(BinarySerializerOptions.GrainReferenceActivator)}) to bind it.");
        return activator.CreateReference(grainId, interfaceType);
    }

    static string ReadBoundedString(ref WireReader reader, int maxBytes)
    {
        var text = reader.ReadString();
        return text.Length <= maxBytes ? text : throw new GrainSerializationException($"The payload holds a name of {text.Length} characters, over the limit of {maxBytes}.");
    }

    static object ReadPayload(ref WireReader reader, Codec codec, int slot)
    {
        Enter(ref reader, codec.Type);
        var value = codec.Read(ref reader, slot);
        reader.Session.Depth--;
        return value;
    }

    static void Enter(ref WireReader reader, Type type)
    {
        if (++reader.Session.Depth > reader.Session.Options.MaxDepth || !RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw new GrainSerializationException(
                $"The payload nests {TypeNames.Format(type)} deeper than {reader.Session.Options.MaxDepth} values " +
                $"({nameof(BinarySerializerOptions)}.{nameof(BinarySerializerOptions.MaxDepth)}); it is refused.");
        }
    }

    static object Checked(object value, Type declared) =>
        declared.IsInstanceOfType(value)
            ? value
            : throw new GrainSerializationException($"The payload holds {TypeNames.Format(value.GetType())} where {TypeNames.Format(declared)} is declared.");
}
