namespace BigDL.Orleans.Serialization;

/// <summary>Formats types the way C# code spells them, for error messages.</summary>
internal static class TypeNames
{
    public static string Format(Type type)
    {
        if (type.IsGenericParameter)
        {
            return type.Name;
        }

        if (type.IsArray)
        {
            var rank = type.IsSZArray ? string.Empty : new string(',', type.GetArrayRank() - 1);
            return $"{Format(type.GetElementType()!)}[{rank}]";
        }

        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return Format(underlying) + "?";
        }

        var name = type.IsNested ? Format(type.DeclaringType!) + "." + type.Name : type.FullName ?? type.Name;
        if (!type.IsGenericType)
        {
            return name;
        }

        var tick = name.IndexOf('`', StringComparison.Ordinal);
        var bare = tick < 0 ? name : name[..tick];
        return $"{bare}<{string.Join(", ", type.GetGenericArguments().Select(Format))}>";
    }
}
