using System.Globalization;

namespace BigDL.Compute.Data;

/// <summary>A date-time column; missing values are null.</summary>
public sealed class DateTimeColumn : Column
{
    readonly DateTime?[] _values;

    /// <summary>Creates a column over <paramref name="values"/> (not copied; do not change it afterwards).</summary>
    public DateTimeColumn(string name, DateTime?[] values)
        : base(name)
    {
        ArgumentNullException.ThrowIfNull(values);
        _values = values;
    }

    /// <inheritdoc />
    public override ColumnKind Kind => ColumnKind.DateTime;

    /// <inheritdoc />
    public override int Length => _values.Length;

    /// <summary>The value at <paramref name="row"/>; null when missing.</summary>
    public DateTime? this[int row] => _values[row];

    /// <inheritdoc />
    public override bool IsMissing(int row) => _values[row] is null;

    /// <inheritdoc />
    public override string? Text(int row) => _values[row]?.ToString("O", CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public override Column Take(IReadOnlyList<int> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var taken = new DateTime?[rows.Count];
        for (var i = 0; i < taken.Length; i++)
        {
            taken[i] = _values[rows[i]];
        }

        return new DateTimeColumn(Name, taken);
    }

    /// <inheritdoc />
    public override Column Rename(string name) => new DateTimeColumn(name, _values);
}
