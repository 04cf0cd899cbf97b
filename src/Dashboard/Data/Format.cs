using System.Globalization;

namespace BigDL.Dashboard.Data;

/// <summary>How the dashboard writes values: invariant culture, UTC times, a fixed number of significant digits.</summary>
internal static class Format
{
    public static string Value(double? value) => value is { } v ? v.ToString("G5", CultureInfo.InvariantCulture) : "–";

    public static string Number(double value, string format = "0.##") => value.ToString(format, CultureInfo.InvariantCulture);

    public static string Time(DateTime? time) => time is { } t ? t.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC" : "–";

    public static string Percent(double share) => (share * 100).ToString("0", CultureInfo.InvariantCulture) + "%";

    public static string Bytes(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => (bytes / 1024.0).ToString("0.#", CultureInfo.InvariantCulture) + " KiB",
        _ => (bytes / (1024.0 * 1024)).ToString("0.#", CultureInfo.InvariantCulture) + " MiB",
    };

    /// <summary>A trial parameter as text: numbers with up to 5 significant digits, anything else as itself.</summary>
    public static string Param(object? value) => value switch
    {
        null => "–",
        double d => d.ToString("G5", CultureInfo.InvariantCulture),
        float f => f.ToString("G5", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>
    /// A grain class as Orleans names it (<c>BigDL.Grains.ExperimentGrain,BigDL.Orleans.Grains</c>, generic arguments in
    /// brackets) without its namespace and assembly: <c>ExperimentGrain</c>.
    /// </summary>
    public static string GrainType(string type)
    {
        var (depth, end, start) = (0, type.Length, 0);
        for (var i = 0; i < type.Length && end == type.Length; i++)
        {
            switch (type[i])
            {
                case '[': depth++; break;
                case ']': depth--; break;
                case ',' when depth == 0: end = i; break;
                case '.' when depth == 0: start = i + 1; break;
            }
        }

        return start < end ? type[start..end] : type;
    }

    /// <summary>A path segment of a link to an entity: the name, escaped.</summary>
    public static string Segment(string name) => Uri.EscapeDataString(name);
}
