using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Orleans.Serialization;
using Orleans.Serialization.Buffers;
using Orleans.Serialization.Codecs;
using Orleans.Serialization.WireProtocol;

namespace BigDL.Cluster.Serialization;

/// <summary>
/// Writes a <typeparamref name="T"/>[] as one length-prefixed run of little-endian bytes instead of Orleans'
/// <see cref="ArrayCodec{T}"/>, which writes a field header and a value per element.
/// </summary>
/// <remarks>
/// The prefix is the byte count, as Orleans' <see cref="WireType.LengthPrefixed"/> wire type defines it, so a reader that
/// does not know the field can still skip it. A tag-delimited field (written by a peer without this codec) is read with
/// <see cref="ArrayCodec{T}"/>, so a mixed deployment can at least receive.
/// </remarks>
internal sealed class RawArrayCodec<T> : IFieldCodec<T[]>
    where T : unmanaged
{
    /// <summary>The most bytes a field may declare: what one .NET array can hold.</summary>
    internal static readonly uint MaxBytes = (uint)Array.MaxLength;

    private static readonly Type FieldType = typeof(T[]);

    private readonly ArrayCodec<T> _elementwise;

    public RawArrayCodec(IFieldCodec<T> elementCodec)
    {
        // The bytes on the wire are the host's own; a big-endian host would need a swap on both paths. .NET runs
        // little-endian everywhere Orleans does, so refuse rather than carry an untested swap.
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException($"{nameof(RawArrayCodec<T>)} writes little-endian bytes and this host is big-endian; do not register the raw array codecs here.");
        }

        _elementwise = new ArrayCodec<T>(elementCodec);
    }

    public void WriteField<TBufferWriter>(ref Writer<TBufferWriter> writer, uint fieldIdDelta, Type? expectedType, T[]? value)
        where TBufferWriter : IBufferWriter<byte>
    {
        // Null and a second sighting of the same array become reference fields, as for every Orleans reference type.
        if (ReferenceCodec.TryWriteReferenceField(ref writer, fieldIdDelta, expectedType, value))
        {
            return;
        }

        var bytes = MemoryMarshal.AsBytes(value.AsSpan());
        writer.WriteFieldHeader(fieldIdDelta, expectedType, FieldType, WireType.LengthPrefixed);
        writer.WriteVarUInt32((uint)bytes.Length);
        writer.Write(bytes);
    }

    public T[]? ReadValue<TInput>(ref Reader<TInput> reader, Field field)
    {
        if (field.WireType == WireType.Reference)
        {
            return ReferenceCodec.ReadReference<T[], TInput>(ref reader, field);
        }

        if (field.WireType == WireType.TagDelimited)
        {
            return _elementwise.ReadValue(ref reader, field);
        }

        field.EnsureWireType(WireType.LengthPrefixed);
        var byteCount = reader.ReadVarUInt32();
        var remaining = reader.Remaining;
        if (byteCount > MaxBytes || byteCount > remaining || byteCount % (uint)Unsafe.SizeOf<T>() != 0)
        {
            throw new SerializerException(
                $"A {FieldType.Name} field declares {byteCount} bytes; it must be a multiple of {Unsafe.SizeOf<T>()}, at most {MaxBytes} and at most the {remaining} bytes left in the message.");
        }

        T[] result = byteCount == 0 ? [] : GC.AllocateUninitializedArray<T>((int)(byteCount / (uint)Unsafe.SizeOf<T>()));
        reader.ReadBytes(MemoryMarshal.AsBytes(result.AsSpan()));
        ReferenceCodec.RecordObject(reader.Session, result);
        return result;
    }
}
