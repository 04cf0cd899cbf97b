using Microsoft.Data.Sqlite;

namespace BigDL.Orleans.Storage;

/// <summary>Turns a user's SQLite setting (a plain file path or a connection string) into a connection string.</summary>
internal static class SqliteConnectionStrings
{
    /// <summary>A setting with '=' is a connection string (<c>Data Source=...</c>); anything else is a file path.</summary>
    public static SqliteConnectionStringBuilder Parse(string setting)
    {
        var text = setting.Trim();
        var builder = text.Contains('=', StringComparison.Ordinal)
            ? new SqliteConnectionStringBuilder(text)
            : new SqliteConnectionStringBuilder { DataSource = text };
        if (!IsInMemory(builder))
        {
            // A full path, so every silo process on the host that was given the same relative path shares one file.
            builder.DataSource = Path.GetFullPath(builder.DataSource);
        }

        return builder;
    }

    public static bool IsInMemory(SqliteConnectionStringBuilder builder) =>
        builder.Mode == SqliteOpenMode.Memory ||
        string.IsNullOrEmpty(builder.DataSource) ||
        builder.DataSource.Equals(":memory:", StringComparison.OrdinalIgnoreCase);

    /// <summary>Describes the database for messages and logs: the file, never a password.</summary>
    public static string Describe(string setting)
    {
        try
        {
            return Describe(Parse(setting));
        }
        catch (Exception e) when (e is ArgumentException or FormatException or NotSupportedException)
        {
            return "SQLite (unreadable connection string)";
        }
    }

    public static string Describe(SqliteConnectionStringBuilder builder) =>
        IsInMemory(builder) ? "SQLite in-memory database" : $"SQLite file '{builder.DataSource}'";
}
