using System.Linq.Expressions;
using System.Reflection;
using BigDL.Orleans.Serialization.Wire;

namespace BigDL.Orleans.Serialization.Codecs;

/// <summary>Writes and reads one field of an object, as part of <see cref="ObjectCodec"/>.</summary>
internal abstract class FieldCodec
{
    static readonly MethodInfo CreateNumberMethod =
        typeof(FieldCodec).GetMethod(nameof(CreateNumber), BindingFlags.NonPublic | BindingFlags.Static)!; // declared below

    public abstract void Write(WireWriter writer, object instance);

    public abstract void Read(ref WireReader reader, object instance);

    /// <summary>Number and enum fields get a typed codec that never boxes; every other field goes through the value layer.</summary>
    public static FieldCodec Create(FieldAccessor field) =>
        CodecCache.IsBlittable(field.FieldType) && field.FieldType != typeof(bool)
            ? (FieldCodec)CreateNumberMethod.MakeGenericMethod(field.FieldType).Invoke(null, [field])!
            : new ValueFieldCodec(field);

    static NumberFieldCodec<T> CreateNumber<T>(FieldAccessor field)
        where T : unmanaged => new(field);
}

/// <summary>A field written as a value of its declared type: tags, polymorphism and references apply.</summary>
internal sealed class ValueFieldCodec(FieldAccessor field) : FieldCodec
{
    readonly CodecRef codec = new(field.FieldType);

    public override void Write(WireWriter writer, object instance) => writer.WriteValue(field.Get(instance), field.FieldType, codec);

    public override void Read(ref WireReader reader, object instance) => field.Set(instance, ValueReader.Read(ref reader, field.FieldType, codec));
}

/// <summary>A number or enum field, read and written through typed delegates; the bytes match <see cref="BlittableCodec{T}"/>.</summary>
internal sealed class NumberFieldCodec<T> : FieldCodec
    where T : unmanaged
{
    readonly Func<object, T> get;
    readonly Action<object, T>? set;
    readonly FieldInfo field;

    public NumberFieldCodec(FieldAccessor accessor)
    {
        field = accessor.Field;
        var declaring = field.DeclaringType!; // instance fields always have one
        var instance = Expression.Parameter(typeof(object), "instance");
        var value = Expression.Parameter(typeof(T), "value");
        Expression typed = declaring.IsValueType ? Expression.Unbox(instance, declaring) : Expression.Convert(instance, declaring);
        var access = Expression.Field(typed, field);
        get = Expression.Lambda<Func<object, T>>(access, instance).Compile();

        // Readonly fields cannot be assigned by expression trees; those fall back to reflection (see FieldAccessor).
        set = field.IsInitOnly ? null : Expression.Lambda<Action<object, T>>(Expression.Assign(access, value), instance, value).Compile();
    }

    public override void Write(WireWriter writer, object instance) => writer.WriteBlittable(get(instance));

    public override void Read(ref WireReader reader, object instance)
    {
        var value = reader.ReadBlittable<T>();
        if (set is not null)
        {
            set(instance, value);
        }
        else
        {
            field.SetValue(instance, value);
        }
    }
}
