using System.Globalization;

namespace BigDL.Orleans.Compute.Data;

/// <summary>One named, typed column of a <see cref="Frame"/>; immutable.</summary>
public abstract class Column
{
    private protected Column(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
    }

    /// <summary>The column's name.</summary>
    public string Name { get; }

    /// <summary>The column's type.</summary>
    public abstract ColumnKind Kind { get; }

    /// <summary>Number of rows.</summary>
    public abstract int Length { get; }

    /// <summary>Whether the value at <paramref name="row"/> is missing.</summary>
    public abstract bool IsMissing(int row);

    /// <summary>The value at <paramref name="row"/> as invariant text (null when missing); keys and categories are compared by this text.</summary>
    public abstract string? Text(int row);

    /// <summary>A new column holding the given rows, in the given order.</summary>
    public abstract Column Take(IReadOnlyList<int> rows);

    /// <summary>The same values under another name.</summary>
    public abstract Column Rename(string name);

    /// <summary>The missing mask: true where a value is missing.</summary>
    public bool[] MissingMask()
    {
        var mask = new bool[Length];
        for (var i = 0; i < mask.Length; i++)
        {
            mask[i] = IsMissing(i);
        }

        return mask;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({Kind}, {Length} rows)";
}

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

/// <summary>A text column; missing values are null.</summary>
public sealed class TextColumn : Column
{
    readonly string?[] _values;

    /// <summary>Creates a column over <paramref name="values"/> (not copied; do not change it afterwards).</summary>
    public TextColumn(string name, string?[] values)
        : base(name)
    {
        ArgumentNullException.ThrowIfNull(values);
        _values = values;
    }

    /// <inheritdoc />
    public override ColumnKind Kind => ColumnKind.Text;

    /// <inheritdoc />
    public override int Length => _values.Length;

    /// <summary>The value at <paramref name="row"/>; null when missing.</summary>
    public string? this[int row] => _values[row];

    /// <inheritdoc />
    public override bool IsMissing(int row) => _values[row] is null;

    /// <inheritdoc />
    public override string? Text(int row) => _values[row];

    /// <inheritdoc />
    public override Column Take(IReadOnlyList<int> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var taken = new string?[rows.Count];
        for (var i = 0; i < taken.Length; i++)
        {
            taken[i] = _values[rows[i]];
        }

        return new TextColumn(Name, taken);
    }

    /// <inheritdoc />
    public override Column Rename(string name) => new TextColumn(name, _values);
}

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
