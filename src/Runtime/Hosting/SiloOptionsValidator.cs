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

        Port(options.Port, nameof(SiloOptions.Port));
        Port(options.GatewayPort, nameof(SiloOptions.GatewayPort));
        if (options.Port is not null && options.Port == options.GatewayPort && options.Port != 0)
        {
            failures.Add($"{SiloOptions.SectionName}:{nameof(SiloOptions.Port)} and {nameof(SiloOptions.GatewayPort)} are both {options.Port}; give the gateway its own port.");
        }

        if (!System.Net.IPAddress.TryParse(options.ListenAddress, out _))
        {
            failures.Add($"{SiloOptions.SectionName}:{nameof(SiloOptions.ListenAddress)} '{options.ListenAddress}' is not an IP address; use e.g. 127.0.0.1, or 0.0.0.0 for every interface.");
        }

        if (options.Port is not null)
        {
            Secret(options.ClusterSecret, nameof(SiloOptions.ClusterSecret), "every silo of the cluster must use the same one");
        }

        if (options.GatewayPort is not null)
        {
            Secret(options.ApiKey, nameof(SiloOptions.ApiKey), "clients pass it to BigDLClient.ConnectAsync");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);

        void Port(int? port, string setting)
        {
            if (port is < 0 or > 65535)
            {
                failures.Add($"{SiloOptions.SectionName}:{setting} is {port}; use a TCP port from 1 to 65535, or 0 to pick a free one.");
            }
        }

        void Secret(string? value, string setting, string why)
        {
            if (value is null || System.Text.Encoding.UTF8.GetByteCount(value) < Transport.HandshakeCredentials.MinimumSecretBytes)
            {
                failures.Add($"{SiloOptions.SectionName}:{setting} must be at least {Transport.HandshakeCredentials.MinimumSecretBytes} characters ({why}); generate one with 'openssl rand -base64 32'.");
            }
        }

        void Positive(TimeSpan value, string setting)
        {
            if (value <= TimeSpan.Zero)
            {
                failures.Add($"{SiloOptions.SectionName}:{setting} is {value}; it must be positive, e.g. '00:00:30'.");
            }
        }
    }
}
