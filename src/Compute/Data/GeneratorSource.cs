namespace BigDL.Compute.Data;

/// <summary>A source whose values are functions of the row index, so every read gives the same rows.</summary>
/// <remarks>Column types are inferred from the generated values as for CSV (numbers, date-times, else text).</remarks>
public sealed class GeneratorSource : IFrameSource
{
    readonly int _rows;
    readonly IReadOnlyList<KeyValuePair<string, Func<int, object?>>> _columns;

    /// <summary>Creates a source of <paramref name="rows"/> rows; each column maps a row index to its value (null = missing).</summary>
    public GeneratorSource(int rows, IReadOnlyList<KeyValuePair<string, Func<int, object?>>> columns, string name = "generator")
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentNullException.ThrowIfNull(columns);
        _rows = rows;
        _columns = columns;
        Name = name;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public Frame Read()
    {
        var columns = new List<Column>(_columns.Count);
        foreach (var (name, generate) in _columns)
        {
            var values = new object?[_rows];
            for (var r = 0; r < _rows; r++)
            {
                values[r] = generate(r);
            }

            columns.Add(ColumnInference.Build(name, values, null, r => $"{Name} row {r}"));
        }

        return new Frame(columns, Name);
    }
}
