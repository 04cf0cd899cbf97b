using System.Reflection;

namespace BigDL.Orleans.Serialization.Copying;

/// <summary>Copies a class or struct: a memberwise clone, then a deep copy of each field that may reach mutable state.</summary>
internal sealed class ObjectCopier : ICopier
{
    static readonly Func<object, object> CloneShallow = (Func<object, object>)Delegate.CreateDelegate(
        typeof(Func<object, object>),
        typeof(object).GetMethod(nameof(MemberwiseClone), BindingFlags.Instance | BindingFlags.NonPublic)!); // object always has it

    readonly FieldAccessor[] deepFields;
    readonly (FieldAccessor Field, object? Default)[] skippedFields;

    public ObjectCopier(Type type)
    {
        // [NonSerialized] fields start empty in a copy, as they do on the far side of a remote call.
        var all = FieldAccessor.For(type);
        var skipped = all.Where(field => field.Field.IsDefined(typeof(NonSerializedAttribute), inherit: false)).ToArray();
        var fields = all.Except(skipped).ToArray();
        FieldAccessor.CheckFields(type, fields, "copied");
        skippedFields = [.. skipped.Select(field => (field, field.FieldType.IsValueType ? Activator.CreateInstance(field.FieldType) : null))];

        // The clone already holds every other field; only those that reach mutable objects need a copy of their own.
        deepFields = [.. fields.Where(field => !TypeRules.IsShallowCopyable(field.FieldType))];
    }

    /// <summary>Gets the declared types of the fields that are copied deeply, for up-front checks.</summary>
    public IEnumerable<Type> DeepFieldTypes => deepFields.Select(accessor => accessor.FieldType);

    public object Copy(object original, CopyContext context)
    {
        var copy = CloneShallow(original);
        context.Record(original, copy);
        foreach (var (field, empty) in skippedFields)
        {
            field.Set(copy, empty);
        }

        foreach (var field in deepFields)
        {
            field.Set(copy, context.Copy(field.Get(original)));
        }

        return copy;
    }
}
