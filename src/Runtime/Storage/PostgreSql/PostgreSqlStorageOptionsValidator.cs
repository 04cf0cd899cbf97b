using Microsoft.Extensions.Options;
using Npgsql;

namespace BigDL.Orleans.Storage;

/// <summary>Checks <see cref="PostgreSqlStorageOptions"/> before a provider uses them.</summary>
internal sealed class PostgreSqlStorageOptionsValidator : IValidateOptions<PostgreSqlStorageOptions>
{
    public ValidateOptionsResult Validate(string? name, PostgreSqlStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var label = string.IsNullOrEmpty(name) ? "PostgreSQL storage" : $"PostgreSQL storage '{name}'";
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return ValidateOptionsResult.Fail($"{label}: ConnectionString is empty; set it to 'Host=...;Database=...;Username=...' or to a postgres:// URI.");
        }

        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(PostgreSqlConnectionStrings.Normalize(options.ConnectionString));
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            // Npgsql's message can quote the offending text, which may hold the password: only the exception type is shown.
            return ValidateOptionsResult.Fail($"{label}: ConnectionString is not a valid Npgsql connection string or postgres:// URI ({e.GetType().Name}).");
        }

        if (string.IsNullOrWhiteSpace(builder.Host))
        {
            return ValidateOptionsResult.Fail($"{label}: ConnectionString names no Host; add 'Host=<server>'.");
        }

        return ValidateOptionsResult.Success;
    }

    /// <summary>Throws <see cref="OptionsValidationException"/> when the options are invalid; for providers built without DI.</summary>
    public static void ThrowIfInvalid(string name, PostgreSqlStorageOptions options)
    {
        var result = new PostgreSqlStorageOptionsValidator().Validate(name, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(name, typeof(PostgreSqlStorageOptions), result.Failures);
        }
    }
}
