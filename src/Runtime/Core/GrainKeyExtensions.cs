using System.Globalization;

namespace BigDL.Orleans;

/// <summary>Reads the primary key of a grain or a grain reference in the form its interface declares.</summary>
public static class GrainKeyExtensions
{
    /// <summary>Returns the string key.</summary>
    public static string GetPrimaryKeyString(this IAddressable grain) => IdOf(grain).Key;

    /// <summary>Returns the Guid key.</summary>
    /// <exception cref="FormatException">The grain's key is not a Guid.</exception>
    public static Guid GetPrimaryKey(this IAddressable grain)
    {
        var id = IdOf(grain);
        return Guid.TryParseExact(id.Key, "N", out var key)
            ? key
            : throw new FormatException($"Grain {id} has no Guid key; use GetPrimaryKeyString().");
    }

    /// <summary>Returns the integer key.</summary>
    /// <exception cref="FormatException">The grain's key is not an integer.</exception>
    public static long GetPrimaryKeyLong(this IAddressable grain)
    {
        var id = IdOf(grain);
        return long.TryParse(id.Key, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var key)
            ? key
            : throw new FormatException($"Grain {id} has no integer key; use GetPrimaryKeyString().");
    }

    /// <summary>Returns the grain id of a grain or a reference.</summary>
    public static GrainId GetGrainId(this IAddressable grain) => IdOf(grain);

    internal static string FormatKey(Guid key) => key.ToString("N");

    internal static string FormatKey(long key) => key.ToString(CultureInfo.InvariantCulture);

    static GrainId IdOf(IAddressable grain) => grain switch
    {
        Grain g => g.GrainId,
        GrainReference r => r.GrainId,
        null => throw new ArgumentNullException(nameof(grain)),
        _ => throw new ArgumentException($"{grain.GetType().Name} is neither a grain nor a grain reference.", nameof(grain)),
    };
}
