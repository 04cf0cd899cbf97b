using Microsoft.Extensions.Options;

namespace BigDL.Orleans.Storage;

/// <summary>Checks <see cref="SqliteStorageOptions"/> before a provider uses them.</summary>
internal sealed class SqliteStorageOptionsValidator : IValidateOptions<SqliteStorageOptions>
{
    public ValidateOptionsResult Validate(string? name, SqliteStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var label = string.IsNullOrEmpty(name) ? "SQLite storage" : $"SQLite storage '{name}'";
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return ValidateOptionsResult.Fail($"{label}: ConnectionString is empty; set it to a file path such as 'bigdl.db' or to 'Data Source=bigdl.db'.");
        }

        if (options.BusyTimeout < TimeSpan.Zero || options.BusyTimeout.TotalMilliseconds > int.MaxValue)
        {
            return ValidateOptionsResult.Fail($"{label}: BusyTimeout must be between zero and {TimeSpan.FromMilliseconds(int.MaxValue)}; it is {options.BusyTimeout}.");
        }

        try
        {
            if (SqliteConnectionStrings.IsInMemory(SqliteConnectionStrings.Parse(options.ConnectionString)))
            {
                // Every operation opens its own connection, and a SQLite memory database dies with its connection.
                return ValidateOptionsResult.Fail(
                    $"{label}: ConnectionString names a SQLite in-memory database (or no file), which would lose every write; " +
                    "name a file, or use the memory provider (connection string 'memory') for storage that lives in the process.");
            }
        }
        catch (Exception e) when (e is ArgumentException or FormatException or NotSupportedException)
        {
            return ValidateOptionsResult.Fail($"{label}: ConnectionString is not a valid SQLite connection string or file path: {e.Message}");
        }

        return ValidateOptionsResult.Success;
    }

    /// <summary>Throws <see cref="OptionsValidationException"/> when the options are invalid; for providers built without DI.</summary>
    public static void ThrowIfInvalid(string name, SqliteStorageOptions options)
    {
        var result = new SqliteStorageOptionsValidator().Validate(name, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(name, typeof(SqliteStorageOptions), result.Failures);
        }
    }
}
