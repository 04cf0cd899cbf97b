using System.Collections;
using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.CompilerServices;
using Orleans.Concurrency;

namespace BigDL.Grains.Tests;

/// <summary>
/// Builds a value of any contract type (the records of Grains.Interfaces) with every field set to a value other than its
/// default, and compares two values field by field: a member the serializer drops (a missing <c>[Id]</c>) comes back
/// as its default and shows as a difference, whatever the type's own <c>Equals</c> compares.
/// </summary>
public static class ContractSamples
{
    const BindingFlags Instance = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;

    /// <summary>Gets every type of the contract that Orleans generates a serializer for.</summary>
    public static IEnumerable<Type> SerializableTypes() =>
        typeof(ExperimentSpec).Assembly.GetTypes().Where(t => t.IsDefined(typeof(GenerateSerializerAttribute), inherit: false) && !t.IsEnum);

    /// <summary>Returns a <paramref name="type"/> with every field set, each distinct from its type's default.</summary>
    public static object Create(Type type)
    {
        var seed = 0;
        return Create(type, ref seed);
    }

    /// <summary>Gets the instance fields a contract value carries: a record's, or those an exception type declares itself.</summary>
    public static IEnumerable<FieldInfo> Fields(Type type) =>
        type.GetFields(Instance | (typeof(Exception).IsAssignableFrom(type) ? BindingFlags.DeclaredOnly : BindingFlags.Default));

    /// <summary>Returns where <paramref name="actual"/> differs from <paramref name="expected"/> (a field path), or null where nothing does.</summary>
    public static string? Difference(object? expected, object? actual, string path)
    {
        if (expected is null || actual is null)
        {
            return expected is null && actual is null ? null : path;
        }

        var type = expected.GetType();
        if (type != actual.GetType())
        {
            return $"{path} ({type.Name} became {actual.GetType().Name})";
        }

        if (type.IsPrimitive || type.IsEnum || expected is string or decimal or DateTime or DateTimeOffset or TimeSpan or Guid)
        {
            return expected.Equals(actual) ? null : path;
        }

        if (expected is IDictionary expectedMap)
        {
            var actualMap = (IDictionary)actual;
            return expectedMap.Count != actualMap.Count
                ? $"{path}.Count"
                : expectedMap.Keys.Cast<object>().Select(k => actualMap.Contains(k) ? Difference(expectedMap[k], actualMap[k], $"{path}[{k}]") : $"{path}[{k}]").FirstOrDefault(d => d is not null);
        }

        if (expected is IEnumerable expectedItems)
        {
            var (left, right) = (expectedItems.Cast<object?>().ToList(), ((IEnumerable)actual).Cast<object?>().ToList());
            return left.Count != right.Count
                ? $"{path}.Count"
                : left.Zip(right).Select((p, i) => Difference(p.First, p.Second, $"{path}[{i}]")).FirstOrDefault(d => d is not null);
        }

        var message = expected is Exception e && e.Message != ((Exception)actual).Message ? $"{path}.Message" : null;
        return message ?? Fields(type).Select(f => Difference(f.GetValue(expected), f.GetValue(actual), $"{path}.{f.Name}")).FirstOrDefault(d => d is not null);
    }

    static object Create(Type type, ref int seed)
    {
        seed++;
        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return Create(underlying, ref seed);
        }

        object? simple = type switch
        {
            _ when type == typeof(string) => $"text-{seed}",
            _ when type == typeof(int) => seed,
            _ when type == typeof(long) => 1_000_000_000_000L + seed,
            _ when type == typeof(double) => seed + 0.25,
            _ when type == typeof(float) => seed + 0.5f,
            _ when type == typeof(bool) => true,
            _ when type == typeof(byte) => (byte)seed,
            _ when type == typeof(DateTime) => new DateTime(2025, 1, 2, 3, 4, 5, DateTimeKind.Utc).AddSeconds(seed),
            _ when type == typeof(TimeSpan) => TimeSpan.FromSeconds(seed),
            _ when type == typeof(object) => seed + 0.75, // a parameter value
            { IsEnum: true } => Enum.GetValues(type).Cast<object>().Last(),
            _ => null,
        };
        if (simple is not null)
        {
            return simple;
        }

        if (type.IsArray)
        {
            var array = Array.CreateInstance(type.GetElementType()!, 2);
            for (var i = 0; i < array.Length; i++)
            {
                array.SetValue(Create(type.GetElementType()!, ref seed), i);
            }

            return array;
        }

        if (type.IsGenericType)
        {
            var definition = type.GetGenericTypeDefinition();
            var arguments = type.GetGenericArguments();
            if (definition == typeof(ImmutableArray<>))
            {
                var items = Create(arguments[0].MakeArrayType(), ref seed);
                return typeof(ImmutableArray).GetMethods().Single(m => m.Name == nameof(ImmutableArray.Create) && m.GetParameters() is [{ ParameterType.IsArray: true }])
                    .MakeGenericMethod(arguments[0]).Invoke(null, [items])!;
            }

            if (definition == typeof(ImmutableDictionary<,>) || definition == typeof(IImmutableDictionary<,>))
            {
                var map = typeof(ImmutableDictionary).GetMethod(nameof(ImmutableDictionary.Create), 2, Type.EmptyTypes)!.MakeGenericMethod(arguments).Invoke(null, null)!;
                var add = map.GetType().GetMethod(nameof(ImmutableDictionary<int, int>.Add))!;
                for (var i = 0; i < 2; i++)
                {
                    map = add.Invoke(map, [Create(arguments[0], ref seed), Create(arguments[1], ref seed)])!;
                }

                return map;
            }

            if (definition == typeof(Immutable<>))
            {
                return Activator.CreateInstance(type, Create(arguments[0], ref seed))!;
            }
        }

        if (typeof(Exception).IsAssignableFrom(type))
        {
            var exception = Activator.CreateInstance(type, $"message-{seed}")!;
            return Fill(exception, ref seed);
        }

        if (type.IsDefined(typeof(GenerateSerializerAttribute), inherit: false))
        {
            return Fill(RuntimeHelpers.GetUninitializedObject(type), ref seed);
        }

        throw new NotSupportedException($"no sample for {type}: add one to {nameof(ContractSamples)}");
    }

    static object Fill(object value, ref int seed)
    {
        foreach (var field in Fields(value.GetType()))
        {
            field.SetValue(value, Create(field.FieldType, ref seed));
        }

        return value;
    }
}
