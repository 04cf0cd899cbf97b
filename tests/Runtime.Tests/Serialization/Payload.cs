using System.Text;

namespace BigDL.Orleans.Runtime.Tests.Serialization;

/// <summary>Writes hand-made payloads in the wire format, to feed the reader input no serializer would produce.</summary>
internal sealed class Payload
{
    public const byte Null = 0, Value = 1, Typed = 2, Reference = 3, Exception = 4, GrainReference = 5, TypeTag = 6;

    readonly List<byte> bytes = [];

    public Payload Byte(byte value)
    {
        bytes.Add(value);
        return this;
    }

    public Payload VarUInt(uint value)
    {
        while (value >= 0x80)
        {
            bytes.Add((byte)(value | 0x80));
            value >>= 7;
        }

        bytes.Add((byte)value);
        return this;
    }

    public Payload String(string value)
    {
        var utf8 = Encoding.UTF8.GetBytes(value);
        VarUInt((uint)utf8.Length);
        bytes.AddRange(utf8);
        return this;
    }

    /// <summary>A new named type token: varint 0, kind 1, full name, assembly simple name.</summary>
    public Payload NamedType(Type type) => NamedType(type.FullName!, type.Assembly.GetName().Name!);

    public Payload NamedType(string fullName, string assembly) => VarUInt(0).Byte(1).String(fullName).String(assembly);

    /// <summary>A new generic type token: varint 0, kind 2, definition token, argument count, argument tokens.</summary>
    public Payload GenericType(Type constructed)
    {
        var arguments = constructed.GetGenericArguments();
        VarUInt(0).Byte(2).NamedType(constructed.GetGenericTypeDefinition()).Byte((byte)arguments.Length);
        foreach (var argument in arguments)
        {
            NamedType(argument);
        }

        return this;
    }

    public byte[] ToArray() => [.. bytes];
}
