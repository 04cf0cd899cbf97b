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
    readonly FieldCodec[] fields;

    public ObjectCodec(Type type)
        : base(type)
    {
        // [NonSerialized] lets a type keep caches or callbacks that are rebuilt on the other side.
        FieldAccessor[] accessors = [.. FieldAccessor.For(type).Where(field => !field.Field.IsDefined(typeof(NonSerializedAttribute), inherit: false))];
        FieldAccessor.CheckFields(type, accessors, "serialized");
        fields = [.. accessors.Select(FieldCodec.Create)];
        FieldTypes = [.. accessors.Select(field => field.FieldType)];
    }

    /// <summary>Gets the declared types of the serialized fields, for up-front checks.</summary>
    public IReadOnlyList<Type> FieldTypes { get; }

    public override void Write(WireWriter writer, object value)
    {
        if (fields.Length == 0)
        {
            // Every payload takes at least one byte, so an element count can be checked against the bytes left.
            writer.WriteByte(0);
            return;
        }

        foreach (var field in fields)
        {
            field.Write(writer, value);
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

        foreach (var field in fields)
        {
            field.Read(ref reader, instance);
        }

        return instance;
    }
}
