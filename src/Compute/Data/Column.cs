namespace BigDL.Compute.Data;

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
