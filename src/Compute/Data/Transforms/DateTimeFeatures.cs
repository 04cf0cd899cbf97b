using System.Text.Json.Serialization;

namespace BigDL.Compute.Data.Transforms;

/// <summary>Adds calendar features of a date-time column: hour, day of week, month, and their cyclic sin/cos encodings.</summary>
/// <remarks>
/// Added columns are "{column}_hour" (0–23), "{column}_day_of_week" (0 = Sunday), "{column}_month" (1–12), and
/// "_sin"/"_cos" of 2π·hour/24, 2π·day/7, 2π·(month−1)/12, so 23:00 lies next to 00:00. Missing values give NaN.
/// Nothing is learned: fitting only checks the column.
/// </remarks>
public sealed class DateTimeFeatures : FrameTransform
{
    /// <summary>Creates the transform for <paramref name="column"/>; <paramref name="dropSource"/> removes the date-time column.</summary>
    [JsonConstructor]
    public DateTimeFeatures(string column, bool dropSource = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(column);
        Column = column;
        DropSource = dropSource;
    }

    /// <summary>The date-time column.</summary>
    public string Column { get; }

    /// <summary>Whether the date-time column is removed.</summary>
    public bool DropSource { get; }

    /// <inheritdoc />
    protected override void FitCore(Frame training) => training.DateTimeColumn(Column);

    /// <inheritdoc />
    protected override Frame TransformCore(Frame frame)
    {
        var times = frame.DateTimeColumn(Column);
        var n = frame.RowCount;
        double[] hour = new double[n], day = new double[n], month = new double[n];
        for (var r = 0; r < n; r++)
        {
            var t = times[r];
            hour[r] = t?.Hour ?? double.NaN;
            day[r] = t is null ? double.NaN : (int)t.Value.DayOfWeek;
            month[r] = t?.Month ?? double.NaN;
        }

        var columns = new List<Column>
        {
            new NumericColumn($"{Column}_hour", hour),
            new NumericColumn($"{Column}_day_of_week", day),
            new NumericColumn($"{Column}_month", month),
        };
        columns.AddRange(Cyclic($"{Column}_hour", hour, 0, 24));
        columns.AddRange(Cyclic($"{Column}_day_of_week", day, 0, 7));
        columns.AddRange(Cyclic($"{Column}_month", month, 1, 12));
        var result = frame.With(columns);
        return DropSource ? result.Without(Column) : result;
    }

    static NumericColumn[] Cyclic(string name, double[] values, double first, double period)
    {
        var sin = values.Select(v => Math.Sin(2 * Math.PI * (v - first) / period)).ToArray();
        var cos = values.Select(v => Math.Cos(2 * Math.PI * (v - first) / period)).ToArray();
        return [new NumericColumn(name + "_sin", sin), new NumericColumn(name + "_cos", cos)];
    }
}
