using System.Data.Common;
using BigDL.Storage.PostgreSql;
using BigDL.Storage.Sqlite;

namespace BigDL.Storage.Sql;

/// <summary>The database a store string names: its kind and a connection string its driver accepts.</summary>
/// <param name="Kind">Which database the string names.</param>
/// <param name="ConnectionString">For SQLite a file path or SQLite connection string, for PostgreSQL an Npgsql connection string.</param>
internal sealed record StoreLocation(StoreKind Kind, string ConnectionString)
{
    /// <summary>The SQLite file used when the store string is empty, in the working folder.</summary>
    public const string DefaultSqliteFile = "bigdl.db";

    /// <summary>
    /// Reads a store string: empty is <see cref="DefaultSqliteFile"/> in the working folder; a <c>postgres://</c> or
    /// <c>postgresql://</c> URI, or a connection string with <c>Host=</c> (or <c>Server=</c>), is PostgreSQL; a
    /// connection string with <c>Data Source=</c> (or <c>Filename=</c>) is SQLite; any other text without <c>=</c> or
    /// <c>://</c> is a SQLite file path. Anything else is refused with one line naming <paramref name="setting"/>.
    /// </summary>
    /// <exception cref="StoreException">The string names neither SQLite nor PostgreSQL, or names a SQLite file in a missing folder.</exception>
    public static StoreLocation Parse(string? store, string setting = "store")
    {
        var text = store?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return new(StoreKind.Sqlite, Path.Combine(Environment.CurrentDirectory, DefaultSqliteFile));
        }

        var location = Read(text, setting);
        var problem = location.Kind == StoreKind.Sqlite ? SqliteConnectionStrings.Problem(location.ConnectionString) : PostgreSqlConnectionStrings.Problem(location.ConnectionString);
        return problem is null ? location : throw new StoreException($"{setting} {problem}.");
    }

    /// <summary>Describes the database without a password, for logs and messages.</summary>
    public string Description => Kind == StoreKind.PostgreSql
        ? PostgreSqlConnectionStrings.Describe(ConnectionString)
        : SqliteConnectionStrings.Describe(SqliteConnectionStrings.Parse(ConnectionString));

    /// <summary>Opens the store's database client; nothing is contacted until first use.</summary>
    public SqlStore Open(bool createSchema, TimeSpan busyTimeout) => Kind == StoreKind.PostgreSql
        ? new PostgreSqlStore(ConnectionString, createSchema)
        : new SqliteStore(ConnectionString, busyTimeout, createSchema);

    /// <summary>Returns <see cref="Description"/>, so that logging a location never prints its password.</summary>
    public override string ToString() => Description;

    static StoreLocation Read(string text, string setting)
    {
        const string Expected = "give a SQLite file path ('./bigdl.db'), 'Data Source=<file>', 'Host=<server>;Database=<name>;Username=<user>' or a postgres:// URI";
        if (PostgreSqlConnectionStrings.IsUri(text))
        {
            try
            {
                return new(StoreKind.PostgreSql, PostgreSqlConnectionStrings.FromUri(text));
            }
            catch (FormatException e)
            {
                throw new StoreException($"{setting}: {e.Message}", e);
            }
        }

        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        if (scheme > 0 && Uri.CheckSchemeName(text[..scheme]))
        {
            // Only the scheme is shown: the rest may hold a password.
            throw new StoreException($"{setting} is a '{text[..scheme]}://' URI, which names neither SQLite nor PostgreSQL; {Expected}.");
        }

        if (!text.Contains('=', StringComparison.Ordinal))
        {
            return new(StoreKind.Sqlite, text);
        }

        var keys = new DbConnectionStringBuilder();
        try
        {
            keys.ConnectionString = text;
        }
        catch (ArgumentException e)
        {
            throw new StoreException($"{setting} is not a connection string (key=value pairs separated by ';'); {Expected}.", e);
        }

        if (keys.ContainsKey("Host") || keys.ContainsKey("Server"))
        {
            return new(StoreKind.PostgreSql, text);
        }

        if (keys.ContainsKey("Data Source") || keys.ContainsKey("DataSource") || keys.ContainsKey("Filename"))
        {
            return new(StoreKind.Sqlite, text);
        }

        var names = string.Join(", ", keys.Keys.Cast<string>().Select(k => $"'{k}'"));
        throw new StoreException($"{setting} is a connection string with {names} but no 'Data Source' (SQLite) or 'Host' (PostgreSQL), so it names neither; {Expected}.");
    }
}
