namespace BigDL.Orleans.Serialization.Wire;

/// <summary>The first byte of a value whose declared type is a reference type or a nullable value type.</summary>
/// <remarks>
/// The wire format: a value of a non-nullable value type is its payload alone. Any other value starts with a tag:
/// <c>Null</c>; <c>Value</c> then the payload of the declared type; <c>Typed</c> then a type token and the payload of
/// that type; <c>Reference</c> then the varint index of an object written earlier in the same payload; <c>Exception</c>,
/// <c>GrainReference</c> and <c>Type</c> then their own layouts. Integers are fixed-size little-endian, lengths are
/// varints, strings are UTF-8 with a byte-length prefix, arrays of numbers are raw little-endian blocks.
/// Type tokens: varint 0 then a definition (named: full name + assembly simple name; generic: definition token, argument
/// count, argument tokens; array: rank (0 for one-dimensional) and element token), or varint n &gt; 0 for the n-th type
/// already defined in this payload. There is no versioning: both ends must run the same type definitions.
/// </remarks>
internal static class WireTag
{
    public const byte Null = 0;
    public const byte Value = 1;
    public const byte Typed = 2;
    public const byte Reference = 3;
    public const byte Exception = 4;
    public const byte GrainReference = 5;
    public const byte Type = 6;

    public const byte NamedType = 1;
    public const byte GenericType = 2;
    public const byte ArrayType = 3;
}
