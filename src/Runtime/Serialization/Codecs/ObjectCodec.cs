using System.Runtime.CompilerServices;
using BigDL.Orleans.Serialization.Wire;

namespace BigDL.Orleans.Serialization.Codecs;

/// <summary>A class, record or struct: each instance field not marked [NonSerialized], in a fixed order, as a value of its declared type.</summary>
/// <remarks>
/// Objects are created without running a constructor and filled field by field, readonly fields included. Only
/// application types (and a few listed framework structs) get this codec, and never types with finalizers, so a
/// payload cannot build framework objects whose fields hold handles or whose finalizers act on what they hold.
/// </remarks>
internal sealed class ObjectCodec : Codec
{
    readonly FieldAccessor[] fields;
    readonly CodecRef[] codecs;

    public ObjectCodec(Type type)
        : base(type)
    {
        // [NonSerialized] lets a type keep caches or callbacks that are rebuilt on the other side.
        fields = [.. FieldAccessor.For(type).Where(field => !field.Field.IsDefined(typeof(NonSerializedAttribute), inherit: false))];
        FieldAccessor.CheckFields(type, fields, "serialized");
        codecs = [.. fields.Select(field => new CodecRef(field.FieldType))];
    }

    public override void Write(WireWriter writer, object value)
    {
        if (fields.Length == 0)
        {
            // Every payload takes at least one byte, so an element count can be checked against the bytes left.
            writer.WriteByte(0);
            return;
        }

        for (var i = 0; i < fields.Length; i++)
        {
            writer.WriteValue(fields[i].Get(value), fields[i].FieldType, codecs[i]);
        }
    }

    public override object Read(ref WireReader reader, int slot)
    {
        var instance = RuntimeHelpers.GetUninitializedObject(Type);
        reader.Session.Fill(slot, instance);
        if (fields.Length == 0)
        {
            return reader.ReadByte() == 0 ? instance : throw new GrainSerializationException($"The payload for {TypeNames.Format(Type)} is corrupt.");
        }

        for (var i = 0; i < fields.Length; i++)
        {
            fields[i].Set(instance, ValueReader.Read(ref reader, fields[i].FieldType, codecs[i]));
        }

        return instance;
    }
}
