using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;

namespace BigDL.Orleans.Serialization;

/// <summary>Compiled, boxed get and set access to one instance field, built once per field.</summary>
internal sealed class FieldAccessor
{
    static readonly ConcurrentDictionary<Type, FieldAccessor[]> Cache = new();

    FieldAccessor(FieldInfo field)
    {
        Field = field;
        var declaring = field.DeclaringType!; // instance fields always have a declaring type
        var instance = Expression.Parameter(typeof(object), "instance");
        var value = Expression.Parameter(typeof(object), "value");

        // A struct's fields are read and written inside its box, so a boxed struct can be filled in place.
        Expression typed = declaring.IsValueType ? Expression.Unbox(instance, declaring) : Expression.Convert(instance, declaring);
        var access = Expression.Field(typed, field);
        Get = Expression.Lambda<Func<object, object?>>(Expression.Convert(access, typeof(object)), instance).Compile();

        // Expression trees cannot assign readonly (init-only) fields; reflection can, and is fast enough for them.
        Set = field.IsInitOnly
            ? field.SetValue
            : Expression.Lambda<Action<object, object?>>(Expression.Assign(access, Expression.Convert(value, field.FieldType)), instance, value).Compile();
    }

    public FieldInfo Field { get; }

    public Type FieldType => Field.FieldType;

    public Func<object, object?> Get { get; }

    public Action<object, object?> Set { get; }

    /// <summary>Returns accessors for every instance field of <paramref name="type"/>, in <see cref="TypeRules.InstanceFields"/> order.</summary>
    public static FieldAccessor[] For(Type type) =>
        Cache.GetOrAdd(type, static t => [.. TypeRules.InstanceFields(t).Select(field => new FieldAccessor(field))]);

    /// <summary>Throws when a field's declared type can never be copied or serialized, naming the field.</summary>
    public static void CheckFields(Type type, FieldAccessor[] fields, string whatFor)
    {
        foreach (var field in fields)
        {
            if (TypeRules.Blocker(field.FieldType) is { } reason)
            {
                throw new GrainSerializationException(
                    $"{TypeNames.Format(type)} cannot be {whatFor}: its field '{field.Field.Name}' is {TypeNames.Format(field.FieldType)}, {reason}. " +
                    "Grain calls carry data, not behaviour or resources: keep such members out of the types you pass, " +
                    "and pass the data they work on (or a grain reference) instead, or mark the field [NonSerialized] if the other side can do without it.");
            }
        }
    }
}
