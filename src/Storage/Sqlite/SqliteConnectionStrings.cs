using Microsoft.Data.Sqlite;

namespace BigDL.Storage.Sqlite;

/// <summary>Turns a SQLite setting (a plain file path or a <c>Data Source=...</c> connection string) into a connection string.</summary>
internal static class SqliteConnectionStrings
{
    /// <summary>A setting with '=' is a connection string; anything else is a file path, made absolute.</summary>
    public static SqliteConnectionStringBuilder Parse(string setting)
    {
        var text = setting.Trim();
        var builder = text.Contains('=', StringComparison.Ordinal)
            ? new SqliteConnectionStringBuilder(text)
            : new SqliteConnectionStringBuilder { DataSource = text };
        if (!IsInMemory(builder))
        {
            // A full path, so that every silo process on the host that was given the same relative path shares one file.
            builder.DataSource = Path.GetFullPath(builder.DataSource);
        }

        return builder;
    }

    public static bool IsInMemory(SqliteConnectionStringBuilder builder) =>
        builder.Mode == SqliteOpenMode.Memory ||
        string.IsNullOrEmpty(builder.DataSource) ||
        builder.DataSource.Equals(":memory:", StringComparison.OrdinalIgnoreCase);

    /// <summary>Describes the database for messages and logs: the file, never a password.</summary>
    public static string Describe(SqliteConnectionStringBuilder builder) =>
        IsInMemory(builder) ? "a SQLite in-memory database" : $"SQLite file '{builder.DataSource}'";

    /// <summary>Returns why <paramref name="setting"/> cannot name a shared SQLite file, or null when it can.</summary>
    public static string? Problem(string? setting)
    {
        if (string.IsNullOrWhiteSpace(setting))
        {
            return "is empty; set it to a file path such as './bigdl.db' or to 'Data Source=bigdl.db'";
        }

        SqliteConnectionStringBuilder builder;
        try
        {
            builder = Parse(setting);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or NotSupportedException)
        {
            return $"is not a SQLite file path or connection string ({e.GetType().Name})";
        }

        if (IsInMemory(builder))
        {
            // Every operation opens its own connection, and a SQLite memory database dies with its connection.
            return "names a SQLite in-memory database (or no file), which would lose every write; name a file";
        }

        var folder = Path.GetDirectoryName(builder.DataSource);
        return string.IsNullOrEmpty(folder) || Directory.Exists(folder)
            ? null
            : $"names SQLite file '{builder.DataSource}' in folder '{folder}', which does not exist; create the folder or name another file";
    }
}
