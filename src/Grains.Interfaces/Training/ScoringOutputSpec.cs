using System.Collections.Immutable;

namespace BigDL.Grains;

/// <summary>
/// Where batch scoring writes: a CSV file or a new SQLite/PostgreSQL table with columns <c>row</c> (the input row, from 0),
/// <see cref="KeepColumns"/> copied from the input, then <c>prediction</c> (or <c>prediction_0</c>, ... for several outputs).
/// </summary>
/// <param name="Kind"><c>csv</c>, <c>sqlite</c> or <c>postgres</c>.</param>
/// <param name="Location">The CSV file's path, or the database's connection string.</param>
/// <param name="Table">The table to create (SQL kinds); it must not exist yet.</param>
/// <param name="KeepColumns">Input columns copied beside the predictions (an id, say).</param>
/// <param name="Overwrite">CSV: replace an existing file (otherwise an existing file is an error).</param>
[Immutable]
[GenerateSerializer]
[Alias("BigDL.Grains.ScoringOutputSpec")]
public sealed record ScoringOutputSpec([Id(0)] string Kind, [Id(1)] string Location, [Id(2)] string? Table = null, [Id(3)] ImmutableArray<string> KeepColumns = default, [Id(4)] bool Overwrite = false)
{
    /// <summary>A CSV file.</summary>
    public static ScoringOutputSpec Csv(string path, bool overwrite = false) => new("csv", path, Overwrite: overwrite);

    /// <summary>A new table in the SQLite database <paramref name="connectionString"/> names.</summary>
    public static ScoringOutputSpec Sqlite(string connectionString, string table) => new("sqlite", connectionString, table);

    /// <summary>A new table in the PostgreSQL database <paramref name="connectionString"/> names.</summary>
    public static ScoringOutputSpec PostgreSql(string connectionString, string table) => new("postgres", connectionString, table);
}

/// <summary>What batch scoring wrote.</summary>
/// <param name="Rows">Rows written (as many as the input has).</param>
/// <param name="Target">Where: the file, or the table.</param>
[Immutable]
[GenerateSerializer]
[Alias("BigDL.Grains.ScoringResult")]
public sealed record ScoringResult([Id(0)] int Rows, [Id(1)] string Target);
