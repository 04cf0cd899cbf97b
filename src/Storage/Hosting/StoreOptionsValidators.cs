using BigDL.Storage.PostgreSql;
using BigDL.Storage.Sqlite;
using Microsoft.Extensions.Options;

namespace BigDL.Storage.Hosting;

/// <summary>Checks the settings of a SQLite provider before the silo starts; each failure is one line naming the option.</summary>
internal sealed class SqliteStoreOptionsValidator<TOptions> : IValidateOptions<TOptions>
    where TOptions : SqliteStoreOptions
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var label = StoreOptionsLabel.Of(name, typeof(TOptions));
        if (SqliteConnectionStrings.Problem(options.ConnectionString) is { } problem)
        {
            return ValidateOptionsResult.Fail($"{label}.ConnectionString {problem}.");
        }

        if (options.BusyTimeout < TimeSpan.Zero || options.BusyTimeout.TotalMilliseconds > int.MaxValue)
        {
            return ValidateOptionsResult.Fail($"{label}.BusyTimeout must be between zero and {TimeSpan.FromMilliseconds(int.MaxValue)}; it is {options.BusyTimeout}.");
        }

        return ValidateOptionsResult.Success;
    }
}

/// <summary>Checks the settings of a PostgreSQL provider before the silo starts; never quotes the connection string.</summary>
internal sealed class PostgreSqlStoreOptionsValidator<TOptions> : IValidateOptions<TOptions>
    where TOptions : PostgreSqlStoreOptions
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return PostgreSqlConnectionStrings.Problem(options.ConnectionString) is { } problem
            ? ValidateOptionsResult.Fail($"{StoreOptionsLabel.Of(name, typeof(TOptions))}.ConnectionString {problem}.")
            : ValidateOptionsResult.Success;
    }
}

/// <summary>Names an options instance in messages: <c>SqliteGrainStorageOptions['bigdl']</c>.</summary>
internal static class StoreOptionsLabel
{
    public static string Of(string? name, Type type) => string.IsNullOrEmpty(name) ? type.Name : $"{type.Name}['{name}']";
}
