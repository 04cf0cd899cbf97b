using System.Reflection;

namespace BigDL.Orleans.Serialization.Copying;

/// <summary>Copies a class or struct: a memberwise clone, then a deep copy of each field that may reach mutable state.</summary>
internal sealed class ObjectCopier : ICopier
{
    static readonly Func<object, object> CloneShallow = (Func<object, object>)Delegate.CreateDelegate(
        typeof(Func<object, object>),
        typeof(object).GetMethod(nameof(MemberwiseClone), BindingFlags.Instance | BindingFlags.NonPublic)!); // object always has it

    readonly FieldAccessor[] deepFields;

    public ObjectCopier(Type type)
    {
        var fields = FieldAccessor.For(type);
        FieldAccessor.CheckFields(type, fields, "copied");

        // The clone already holds every field; only those that reach mutable objects need a copy of their own.
        deepFields = [.. fields.Where(field => !TypeRules.IsShallowCopyable(field.FieldType))];
    }

    public object Copy(object original, CopyContext context)
    {
        var copy = CloneShallow(original);
        context.Record(original, copy);
        foreach (var field in deepFields)
        {
            field.Set(copy, context.Copy(field.Get(original)));
        }

        return copy;
    }
}
