using System.Text.RegularExpressions;

namespace BigDL.Orleans.Storage;

/// <summary>The store a user's connection string names: its kind and a connection string the provider accepts.</summary>
/// <param name="Kind">Which provider the string means.</param>
/// <param name="ConnectionString">For SQLite a file path or SQLite connection string, for PostgreSQL an Npgsql connection string, empty for memory.</param>
public sealed partial record StorageConnection(StorageProviderKind Kind, string ConnectionString)
{
    /// <summary>The SQLite file used when no connection string is given, in the working folder.</summary>
    public const string DefaultSqliteFileName = "bigdl.db";

    /// <summary>The string that selects in-memory storage.</summary>
    public const string MemoryKeyword = "memory";

    /// <summary>
    /// Works out which store <paramref name="connectionString"/> means: null or empty is the SQLite file
    /// <see cref="DefaultSqliteFileName"/> in the working folder, <c>memory</c> is memory, a string with <c>Host=</c> or a
    /// <c>postgres://</c> / <c>postgresql://</c> URI is PostgreSQL (URIs become Npgsql strings), anything else is SQLite.
    /// </summary>
    public static StorageConnection Detect(string? connectionString)
    {
        var text = connectionString?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return new(StorageProviderKind.Sqlite, Path.Combine(Environment.CurrentDirectory, DefaultSqliteFileName));
        }

        if (string.Equals(text, MemoryKeyword, StringComparison.OrdinalIgnoreCase))
        {
            return new(StorageProviderKind.Memory, string.Empty);
        }

        if (PostgreSqlConnectionStrings.IsUri(text))
        {
            return new(StorageProviderKind.PostgreSql, PostgreSqlConnectionStrings.FromUri(text));
        }

        return HostKeyword().IsMatch(text)
            ? new(StorageProviderKind.PostgreSql, text)
            : new(StorageProviderKind.Sqlite, text);
    }

    /// <summary>Gets a description of the store that is safe to log: no password.</summary>
    public string Description => Kind switch
    {
        StorageProviderKind.Memory => "in-memory storage",
        StorageProviderKind.PostgreSql => PostgreSqlConnectionStrings.Describe(ConnectionString),
        _ => SqliteConnectionStrings.Describe(ConnectionString),
    };

    /// <summary>Returns <see cref="Description"/>, so that logging a connection never prints its password.</summary>
    public override string ToString() => $"{Kind}: {Description}";

    [GeneratedRegex(@"(^|;)\s*host\s*=", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HostKeyword();
}
