namespace BigDL.Compute.Data;

/// <summary>How a <see cref="CsvSource"/> reads its text.</summary>
public sealed class CsvOptions
{
    /// <summary>The default texts read as a missing value.</summary>
    public static readonly IReadOnlyList<string> DefaultMissingValues = ["", "NA", "N/A", "NaN", "null", "NULL"];

    /// <summary>Gets or sets the field delimiter; default ','.</summary>
    public char Delimiter { get; set; } = ',';

    /// <summary>Gets or sets whether the first record names the columns; without one they are column0, column1, ....</summary>
    public bool HasHeader { get; set; } = true;

    /// <summary>Gets or sets the (unquoted, trimmed) texts that mean "missing"; default <see cref="DefaultMissingValues"/>.</summary>
    public IReadOnlyList<string> MissingValues { get; set; } = DefaultMissingValues;

    /// <summary>Gets or sets declared column types; columns not named here are inferred (numeric, then date-time, then text).</summary>
    public IReadOnlyDictionary<string, ColumnKind> ColumnTypes { get; set; } = new Dictionary<string, ColumnKind>();
}
