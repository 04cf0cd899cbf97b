namespace BigDL.Compute.Data;

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
