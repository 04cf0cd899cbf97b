namespace BigDL.Compute.Data;

/// <summary>The type of a <see cref="Frame"/> column.</summary>
public enum ColumnKind
{
    /// <summary>Numbers held as double; a missing value is NaN.</summary>
    Numeric,

    /// <summary>Text (categories, identifiers); a missing value is null.</summary>
    Text,

    /// <summary>Points in time; a missing value is null.</summary>
    DateTime,
}
