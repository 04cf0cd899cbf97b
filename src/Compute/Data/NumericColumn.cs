using System.Globalization;

namespace BigDL.Compute.Data;

/// <summary>A numeric column; missing values are NaN.</summary>
public sealed class NumericColumn : Column
{
    readonly double[] _values;

    /// <summary>Creates a column over <paramref name="values"/> (not copied; do not change it afterwards).</summary>
    public NumericColumn(string name, double[] values)
        : base(name)
    {
        ArgumentNullException.ThrowIfNull(values);
        _values = values;
    }

    /// <inheritdoc />
    public override ColumnKind Kind => ColumnKind.Numeric;

    /// <inheritdoc />
    public override int Length => _values.Length;

    /// <summary>The values; NaN where missing.</summary>
    public ReadOnlySpan<double> Values => _values;

    /// <summary>The value at <paramref name="row"/>.</summary>
    public double this[int row] => _values[row];

    /// <inheritdoc />
    public override bool IsMissing(int row) => double.IsNaN(_values[row]);

    /// <inheritdoc />
    public override string? Text(int row) => IsMissing(row) ? null : _values[row].ToString("R", CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public override Column Take(IReadOnlyList<int> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var taken = new double[rows.Count];
        for (var i = 0; i < taken.Length; i++)
        {
            taken[i] = _values[rows[i]];
        }

        return new NumericColumn(Name, taken);
    }

    /// <inheritdoc />
    public override Column Rename(string name) => new NumericColumn(name, _values);
}
