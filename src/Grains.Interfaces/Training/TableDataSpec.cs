using System.Collections.Immutable;

namespace BigDL.Grains;

/// <summary>A table to train on or score: where its rows come from, which columns the model takes, and the transforms.</summary>
/// <param name="Source">The CSV file or SQL query.</param>
/// <param name="Label">The label column (after transforms); may be absent from data that is only predicted.</param>
/// <param name="Features">Feature columns after transforms, in model-input order; empty: every numeric column but the label.</param>
/// <param name="TransformsJson">A <c>FrameTransform</c>'s JSON (a <c>Pipeline</c> for several), fitted by the driver on the training rows; null for none.</param>
/// <param name="ValidationFraction">Share of rows held out (seeded by the data spec's seed) and evaluated after each epoch; 0 for none.</param>
/// <param name="PartitionKey">A column whose stable hash picks each row's partition; null for contiguous row ranges.</param>
[Immutable]
[GenerateSerializer]
[Alias("BigDL.Grains.TableDataSpec")]
public sealed record TableDataSpec(
    [Id(0)] DataSourceSpec Source,
    [Id(1)] string Label,
    [Id(2)] ImmutableArray<string> Features = default,
    [Id(3)] string? TransformsJson = null,
    [Id(4)] double ValidationFraction = 0,
    [Id(5)] string? PartitionKey = null);

/// <summary>Where a table's rows come from: a CSV file, or a query against SQLite or PostgreSQL.</summary>
/// <param name="Kind"><c>csv</c>, <c>sqlite</c> or <c>postgres</c>.</param>
/// <param name="Location">The CSV file's path, or the database's connection string.</param>
/// <param name="Query">The SQL query (SQL kinds only).</param>
/// <param name="OrderBy">A column of the query's result, unique per row, that fixes the row order (SQL kinds only).</param>
[Immutable]
[GenerateSerializer]
[Alias("BigDL.Grains.DataSourceSpec")]
public sealed record DataSourceSpec([Id(0)] string Kind, [Id(1)] string Location, [Id(2)] string? Query = null, [Id(3)] string? OrderBy = null)
{
    /// <summary>A CSV file with a header row.</summary>
    public static DataSourceSpec Csv(string path) => new("csv", path);

    /// <summary>A query against the SQLite database <paramref name="connectionString"/> names.</summary>
    public static DataSourceSpec Sqlite(string connectionString, string query, string orderBy) => new("sqlite", connectionString, query, orderBy);

    /// <summary>A query against the PostgreSQL database <paramref name="connectionString"/> names.</summary>
    public static DataSourceSpec PostgreSql(string connectionString, string query, string orderBy) => new("postgres", connectionString, query, orderBy);
}
