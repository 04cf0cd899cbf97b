using Microsoft.Extensions.Options;

namespace BigDL.Dashboard;

/// <summary>Rejects dashboard settings that cannot work, saying which setting to fix.</summary>
internal sealed class DashboardOptionsValidator : IValidateOptions<DashboardOptions>
{
    public ValidateOptionsResult Validate(string? name, DashboardOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrEmpty(options.PathBase) || options.PathBase[0] != '/' || options.PathBase.Contains('?', StringComparison.Ordinal) || options.PathBase.Contains('#', StringComparison.Ordinal))
        {
            failures.Add($"Dashboard PathBase '{options.PathBase}' must start with '/' and hold no query or fragment, e.g. '/' or '/dashboard'.");
        }

        if (options.RefreshInterval <= TimeSpan.Zero)
        {
            failures.Add($"Dashboard RefreshInterval is {options.RefreshInterval}; it must be positive, e.g. '00:00:01'.");
        }

        if (options.MinimumUpdateInterval < TimeSpan.Zero)
        {
            failures.Add($"Dashboard MinimumUpdateInterval is {options.MinimumUpdateInterval}; it must be zero or positive, e.g. '00:00:00.250'.");
        }

        if (options.ApiKey is { Length: > 0 and < 8 })
        {
            failures.Add("The dashboard API key is shorter than 8 characters; choose a longer one.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
