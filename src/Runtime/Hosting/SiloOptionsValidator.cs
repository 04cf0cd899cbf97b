using Microsoft.Extensions.Options;

namespace BigDL.Orleans.Hosting;

/// <summary>Rejects silo settings that cannot work, saying which setting to fix.</summary>
internal sealed class SiloOptionsValidator : IValidateOptions<SiloOptions>
{
    public ValidateOptionsResult Validate(string? name, SiloOptions options)
    {
        var failures = new List<string>();
        Positive(options.ResponseTimeout, nameof(SiloOptions.ResponseTimeout));
        Positive(options.ActivationTimeout, nameof(SiloOptions.ActivationTimeout));
        Positive(options.DeactivationTimeout, nameof(SiloOptions.DeactivationTimeout));
        Positive(options.CollectionAge, nameof(SiloOptions.CollectionAge));
        Positive(options.CollectionQuantum, nameof(SiloOptions.CollectionQuantum));
        Positive(options.MinimumReminderPeriod, nameof(SiloOptions.MinimumReminderPeriod));
        Positive(options.ReminderRefreshPeriod, nameof(SiloOptions.ReminderRefreshPeriod));
        if (string.IsNullOrWhiteSpace(options.ClusterId))
        {
            failures.Add($"{SiloOptions.SectionName}:{nameof(SiloOptions.ClusterId)} is empty; give the cluster a name, e.g. 'dev'.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);

        void Positive(TimeSpan value, string setting)
        {
            if (value <= TimeSpan.Zero)
            {
                failures.Add($"{SiloOptions.SectionName}:{setting} is {value}; it must be positive, e.g. '00:00:30'.");
            }
        }
    }
}
