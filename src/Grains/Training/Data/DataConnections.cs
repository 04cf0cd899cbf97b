using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace BigDL.Grains;

/// <summary>Opens the databases a data spec names: SQLite or PostgreSQL, by kind and connection string.</summary>
internal static class DataConnections
{
    /// <summary>Whether <paramref name="kind"/> names a database (rather than a CSV file).</summary>
    public static bool IsSql(string kind) => kind is "sqlite" or "postgres";

    /// <summary>A new, closed connection.</summary>
    public static DbConnection Create(string kind, string connectionString, string option) => kind switch
    {
        "sqlite" => new SqliteConnection(connectionString),
        "postgres" => new NpgsqlConnection(connectionString),
        _ => throw new TrainingSpecException(option, $"'{kind}' is unknown; use csv, sqlite or postgres"),
    };
}
