using System.Globalization;
using Npgsql;

namespace BigDL.Storage.PostgreSql;

/// <summary>Reads, converts and describes PostgreSQL connection strings without ever exposing the password.</summary>
internal static class PostgreSqlConnectionStrings
{
    // URI query parameters (libpq names) that Npgsql spells differently.
    static readonly Dictionary<string, string> QueryAliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["sslmode"] = "SSL Mode",
        ["application_name"] = "Application Name",
        ["connect_timeout"] = "Timeout",
        ["options"] = "Options",
        ["target_session_attrs"] = "Target Session Attributes",
        ["user"] = "Username",
        ["dbname"] = "Database",
    };

    /// <summary>Whether <paramref name="text"/> is a <c>postgres://</c> or <c>postgresql://</c> URI.</summary>
    public static bool IsUri(string text) =>
        text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) ||
        text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase);

    /// <summary>Accepts either an Npgsql connection string or a postgres:// URI and returns an Npgsql connection string.</summary>
    public static string Normalize(string text) => IsUri(text.Trim()) ? FromUri(text.Trim()) : text;

    /// <summary>Converts <c>postgres://user:password@host:port/database?sslmode=require</c> to an Npgsql connection string.</summary>
    public static string FromUri(string uriText)
    {
        if (!Uri.TryCreate(uriText, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            // The text may hold a password, so only its shape is described.
            throw new FormatException("The PostgreSQL URI is not valid; expected postgres://user:password@host:port/database.");
        }

        var builder = new NpgsqlConnectionStringBuilder { Host = uri.Host.Trim('[', ']') };
        if (!uri.IsDefaultPort && uri.Port > 0)
        {
            builder.Port = uri.Port;
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            if (colon >= 0)
            {
                builder.Password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
            }
        }

        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length > 0)
        {
            builder.Database = database;
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? string.Empty : Uri.UnescapeDataString(pair[(equals + 1)..]);
            try
            {
                builder[QueryAliases.GetValueOrDefault(name, name)] = value;
            }
            catch (ArgumentException e)
            {
                throw new FormatException($"The PostgreSQL URI has a query parameter '{name}' that Npgsql does not understand.", e);
            }
        }

        return builder.ConnectionString;
    }

    /// <summary>Describes the database for messages and logs: host, port, database and user, never the password.</summary>
    public static string Describe(string connectionString)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(Normalize(connectionString));
            return Describe(builder);
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            return "PostgreSQL (unreadable connection string)";
        }
    }

    /// <summary>Returns why <paramref name="setting"/> cannot name a PostgreSQL database, or null when it can; never quotes the setting.</summary>
    public static string? Problem(string? setting)
    {
        if (string.IsNullOrWhiteSpace(setting))
        {
            return "is empty; set it to 'Host=...;Database=...;Username=...' or to a postgres:// URI";
        }

        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(Normalize(setting));
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            // Npgsql's message can quote the offending text, which may hold the password: only the exception type is shown.
            return $"is not an Npgsql connection string or postgres:// URI ({e.GetType().Name})";
        }

        return string.IsNullOrWhiteSpace(builder.Host) ? "names no Host; add 'Host=<server>'" : null;
    }

    public static string Describe(NpgsqlConnectionStringBuilder builder) => string.Create(
        CultureInfo.InvariantCulture,
        $"PostgreSQL database '{builder.Database ?? builder.Username ?? "postgres"}' on {builder.Host}:{builder.Port} as user '{builder.Username ?? "(default)"}'");

    /// <summary>Removes <paramref name="password"/> from a message that came from a driver, in case one ever echoes it.</summary>
    public static string Redact(string message, string? password) =>
        string.IsNullOrEmpty(password) ? message : message.Replace(password, "***", StringComparison.Ordinal);
}
