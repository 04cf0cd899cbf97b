using System.Globalization;

namespace BigDL.Compute.Data;

/// <summary>Builds a typed column from raw values (text from a file, objects from a query), inferring or enforcing its type.</summary>
/// <remarks>
/// Inference: a column whose present values all read as numbers is numeric; else, if all read as date-times
/// (ISO 8601, invariant culture), it is a date-time; otherwise text. Both the CSV and the SQL source use these rules,
/// so the same data read from either gives the same frame.
/// </remarks>
internal static class ColumnInference
{
    const NumberStyles Numbers = NumberStyles.Float;
    const DateTimeStyles Dates = DateTimeStyles.RoundtripKind;

    public static Column Build(string name, IReadOnlyList<object?> values, ColumnKind? declared, Func<int, string> where)
    {
        var kind = declared ?? Infer(values);
        switch (kind)
        {
            case ColumnKind.Numeric:
                var numbers = new double[values.Count];
                for (var i = 0; i < numbers.Length; i++)
                {
                    numbers[i] = ToNumber(values[i], out var ok);
                    if (!ok)
                    {
                        throw new DatasetException($"{where(i)}, column '{name}': '{values[i]}' is not a number (the column is numeric)");
                    }
                }

                return new NumericColumn(name, numbers);
            case ColumnKind.DateTime:
                var dates = new DateTime?[values.Count];
                for (var i = 0; i < dates.Length; i++)
                {
                    dates[i] = ToDateTime(values[i], out var ok);
                    if (!ok)
                    {
                        throw new DatasetException($"{where(i)}, column '{name}': '{values[i]}' is not a date-time (the column is DateTime; ISO 8601 expected)");
                    }
                }

                return new DateTimeColumn(name, dates);
            default:
                var texts = new string?[values.Count];
                for (var i = 0; i < texts.Length; i++)
                {
                    texts[i] = values[i] switch
                    {
                        null => null,
                        string s => s,
                        DateTime d => d.ToString("O", CultureInfo.InvariantCulture),
                        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                        var o => o.ToString(),
                    };
                }

                return new TextColumn(name, texts);
        }
    }

    static ColumnKind Infer(IReadOnlyList<object?> values)
    {
        bool numeric = true, dates = true;
        for (var i = 0; i < values.Count && (numeric || dates); i++)
        {
            if (values[i] is null)
            {
                continue;
            }

            numeric = numeric && IsNumber(values[i]);
            dates = dates && IsDateTime(values[i]);
        }

        return numeric ? ColumnKind.Numeric : dates ? ColumnKind.DateTime : ColumnKind.Text;
    }

    static bool IsNumber(object? value)
    {
        ToNumber(value, out var ok);
        return ok;
    }

    static bool IsDateTime(object? value)
    {
        ToDateTime(value, out var ok);
        return ok;
    }

    static double ToNumber(object? value, out bool ok)
    {
        ok = true;
        switch (value)
        {
            case null:
                return double.NaN;
            case double d:
                return d;
            case float f:
                return f;
            case int or long or short or byte or sbyte or uint or ulong or ushort or decimal:
                return Convert.ToDouble(value, CultureInfo.InvariantCulture);
            case bool b:
                return b ? 1 : 0;
            case string s when double.TryParse(s, Numbers, CultureInfo.InvariantCulture, out var parsed):
                return parsed;
            default:
                ok = false;
                return double.NaN;
        }
    }

    static DateTime? ToDateTime(object? value, out bool ok)
    {
        ok = true;
        switch (value)
        {
            case null:
                return null;
            case DateTime d:
                return d;
            case DateTimeOffset o:
                return o.UtcDateTime;
            case string s when LooksLikeDate(s) && DateTime.TryParse(s, CultureInfo.InvariantCulture, Dates, out var parsed):
                return parsed;
            default:
                ok = false;
                return null;
        }
    }

    // DateTime.TryParse accepts bare numbers and words in some forms; only ISO-like text (yyyy-MM-dd...) counts as a date here.
    static bool LooksLikeDate(string s) =>
        s.Length >= 10 && char.IsAsciiDigit(s[0]) && char.IsAsciiDigit(s[3]) && s[4] == '-' && s[7] == '-';
}
