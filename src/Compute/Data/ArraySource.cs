namespace BigDL.Compute.Data;

/// <summary>A source over in-memory arrays, one per column (copied when added).</summary>
public sealed class ArraySource : IFrameSource
{
    readonly List<Column> _columns = [];

    /// <summary>Creates an empty source called <paramref name="name"/>; add columns with the Add methods.</summary>
    public ArraySource(string name = "arrays")
    {
        Name = name;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>Adds a numeric column (NaN = missing).</summary>
    public ArraySource Add(string name, IEnumerable<double> values)
    {
        _columns.Add(new NumericColumn(name, [.. values]));
        return this;
    }

    /// <summary>Adds a text column (null = missing).</summary>
    public ArraySource Add(string name, IEnumerable<string?> values)
    {
        _columns.Add(new TextColumn(name, [.. values]));
        return this;
    }

    /// <summary>Adds a date-time column (null = missing).</summary>
    public ArraySource Add(string name, IEnumerable<DateTime?> values)
    {
        _columns.Add(new DateTimeColumn(name, [.. values]));
        return this;
    }

    /// <inheritdoc />
    public Frame Read() => new(_columns, Name);
}
