namespace BigDL.Compute.Data;

/// <summary>An immutable columnar table of typed, equally long columns, remembering where each row came from.</summary>
public sealed class Frame
{
    readonly Column[] _columns;
    readonly Dictionary<string, int> _byName;
    readonly int[]? _sourceRows;

    /// <summary>Creates a frame; column names must be unique and columns equally long.</summary>
    /// <param name="columns">The columns, in order.</param>
    /// <param name="source">Where the rows came from (a file, a query), for error messages.</param>
    /// <param name="sourceRows">For each row, its line (CSV) or row number (SQL) in <paramref name="source"/>.</param>
    public Frame(IEnumerable<Column> columns, string? source = null, int[]? sourceRows = null)
    {
        ArgumentNullException.ThrowIfNull(columns);
        _columns = [.. columns];
        _byName = new Dictionary<string, int>(StringComparer.Ordinal);
        RowCount = _columns.Length == 0 ? 0 : _columns[0].Length;
        for (var i = 0; i < _columns.Length; i++)
        {
            if (!_byName.TryAdd(_columns[i].Name, i))
            {
                throw new DatasetException($"{source ?? "frame"}: column '{_columns[i].Name}' appears twice");
            }

            if (_columns[i].Length != RowCount)
            {
                throw new DatasetException($"{source ?? "frame"}: column '{_columns[i].Name}' has {_columns[i].Length} rows, column '{_columns[0].Name}' {RowCount}");
            }
        }

        if (sourceRows is not null && sourceRows.Length != RowCount)
        {
            throw new ArgumentException($"{sourceRows.Length} source rows for {RowCount} rows", nameof(sourceRows));
        }

        Source = source;
        _sourceRows = sourceRows;
    }

    /// <summary>The columns, in order.</summary>
    public IReadOnlyList<Column> Columns => _columns;

    /// <summary>The column names, in order.</summary>
    public IReadOnlyList<string> ColumnNames => [.. _columns.Select(c => c.Name)];

    /// <summary>Number of rows.</summary>
    public int RowCount { get; }

    /// <summary>Where the rows came from (a file, a query); null when built in memory.</summary>
    public string? Source { get; }

    /// <summary>The column named <paramref name="name"/>; throws naming it and listing the columns there are.</summary>
    public Column this[string name] =>
        _byName.TryGetValue(name, out var i) ? _columns[i] : throw MissingColumn(name, "column");

    /// <summary>Whether a column named <paramref name="name"/> exists.</summary>
    public bool Contains(string name) => _byName.ContainsKey(name);

    /// <summary>The numeric column <paramref name="name"/>; throws if it is missing or not numeric.</summary>
    public NumericColumn Numeric(string name) => this[name] as NumericColumn ?? throw WrongKind(name, ColumnKind.Numeric);

    /// <summary>The text column <paramref name="name"/>; throws if it is missing or not text.</summary>
    public TextColumn TextColumn(string name) => this[name] as TextColumn ?? throw WrongKind(name, ColumnKind.Text);

    /// <summary>The date-time column <paramref name="name"/>; throws if it is missing or not a date-time.</summary>
    public DateTimeColumn DateTimeColumn(string name) => this[name] as DateTimeColumn ?? throw WrongKind(name, ColumnKind.DateTime);

    /// <summary>Throws one error naming every name in <paramref name="names"/> that is not a column (what is called <paramref name="role"/>).</summary>
    public void RequireColumns(IEnumerable<string> names, string role = "column")
    {
        ArgumentNullException.ThrowIfNull(names);
        var missing = names.Where(n => !Contains(n)).ToList();
        if (missing.Count > 0)
        {
            throw MissingColumn(string.Join("', '", missing), role);
        }
    }

    /// <summary>Where row <paramref name="row"/> came from, for messages: "file 'a.csv' line 7", or "row 7".</summary>
    public string Where(int row) =>
        Source is null ? $"row {row}" : _sourceRows is null ? $"{Source} row {row}" : $"{Source} {SourceRowName} {_sourceRows[row]}";

    /// <summary>A frame with the given rows in the given order (source positions kept).</summary>
    public Frame Take(IReadOnlyList<int> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var sourceRows = _sourceRows is null ? null : rows.Select(r => _sourceRows[r]).ToArray();
        return new Frame(_columns.Select(c => c.Take(rows)), Source, sourceRows) { SourceRowName = SourceRowName };
    }

    /// <summary>A frame of rows <c>[start, start + count)</c>.</summary>
    public Frame Slice(int start, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(start + count, RowCount);
        return Take(Enumerable.Range(start, count).ToArray());
    }

    /// <summary>A frame with <paramref name="added"/> appended, or replacing the same-named columns in place.</summary>
    public Frame With(params IEnumerable<Column> added)
    {
        ArgumentNullException.ThrowIfNull(added);
        var columns = _columns.ToList();
        foreach (var column in added)
        {
            var at = columns.FindIndex(c => c.Name == column.Name);
            if (at >= 0)
            {
                columns[at] = column;
            }
            else
            {
                columns.Add(column);
            }
        }

        return Rebuild(columns);
    }

    /// <summary>A frame without the named columns (each must exist).</summary>
    public Frame Without(params IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var drop = names.ToHashSet(StringComparer.Ordinal);
        RequireColumns(drop);
        return Rebuild(_columns.Where(c => !drop.Contains(c.Name)));
    }

    /// <summary>A frame whose columns at <paramref name="name"/>'s position are replaced by <paramref name="replacement"/>.</summary>
    public Frame Replace(string name, IEnumerable<Column> replacement)
    {
        var at = Array.IndexOf(_columns, this[name]);
        return Rebuild([.. _columns[..at], .. replacement, .. _columns[(at + 1)..]]);
    }

    /// <summary>How <see cref="Where"/> names a source position ("line" for files, "row" for queries).</summary>
    public string SourceRowName { get; init; } = "row";

    Frame Rebuild(IEnumerable<Column> columns) =>
        new(columns, Source, _sourceRows) { SourceRowName = SourceRowName };

    DatasetException MissingColumn(string name, string role) =>
        new($"{Source ?? "frame"}: no {role} '{name}'; the columns are: {string.Join(", ", _columns.Select(c => c.Name))}");

    DatasetException WrongKind(string name, ColumnKind wanted) =>
        new($"{Source ?? "frame"}: column '{name}' is {this[name].Kind}, not {wanted}");
}
