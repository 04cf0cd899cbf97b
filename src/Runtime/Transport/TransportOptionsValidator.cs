using Microsoft.Extensions.Options;

namespace BigDL.Orleans.Transport;

/// <summary>Rejects transport settings that cannot work, saying which setting to fix.</summary>
internal sealed class TransportOptionsValidator : IValidateOptions<TransportOptions>
{
    public ValidateOptionsResult Validate(string? name, TransportOptions options)
    {
        var failures = new List<string>();
        const string section = TransportOptions.SectionName;
        if (options.ListenAddress is null)
        {
            failures.Add($"{section}:{nameof(TransportOptions.ListenAddress)} is empty; use e.g. '127.0.0.1' (or '0.0.0.0' to listen on every interface).");
        }

        if (options.ListenPort is < 0 or > 65535)
        {
            failures.Add($"{section}:{nameof(TransportOptions.ListenPort)} is {options.ListenPort}; use 0..65535 (0 picks a free port).");
        }

        if (options.MaxFrameBytes < TransportOptions.MinimumMaxFrameBytes)
        {
            failures.Add($"{section}:{nameof(TransportOptions.MaxFrameBytes)} is {options.MaxFrameBytes}; it must be at least {TransportOptions.MinimumMaxFrameBytes}.");
        }

        if (options.MaxHeaderStringBytes is < 64 or > ushort.MaxValue)
        {
            failures.Add($"{section}:{nameof(TransportOptions.MaxHeaderStringBytes)} is {options.MaxHeaderStringBytes}; use 64..65535.");
        }

        if (options.MaxCallChainLength is < 1 or > ushort.MaxValue)
        {
            failures.Add($"{section}:{nameof(TransportOptions.MaxCallChainLength)} is {options.MaxCallChainLength}; use 1..65535.");
        }

        if (options.MaxPendingHandshakes < 1)
        {
            failures.Add($"{section}:{nameof(TransportOptions.MaxPendingHandshakes)} is {options.MaxPendingHandshakes}; it must be at least 1.");
        }

        if (options.MaxUnflushedBytes < 1024)
        {
            failures.Add($"{section}:{nameof(TransportOptions.MaxUnflushedBytes)} is {options.MaxUnflushedBytes}; it must be at least 1024.");
        }

        Positive(options.HandshakeTimeout, nameof(TransportOptions.HandshakeTimeout));
        Positive(options.KeepAliveInterval, nameof(TransportOptions.KeepAliveInterval));
        Positive(options.ConnectTimeout, nameof(TransportOptions.ConnectTimeout));
        Positive(options.IdleTimeout, nameof(TransportOptions.IdleTimeout));
        if (options.IdleTimeout <= options.KeepAliveInterval)
        {
            failures.Add($"{section}:{nameof(TransportOptions.IdleTimeout)} ({options.IdleTimeout}) must be longer than {nameof(TransportOptions.KeepAliveInterval)} ({options.KeepAliveInterval}), or healthy idle peers are dropped.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);

        void Positive(TimeSpan value, string setting)
        {
            if (value <= TimeSpan.Zero)
            {
                failures.Add($"{section}:{setting} is {value}; it must be positive, e.g. '00:00:05'.");
            }
        }
    }
}
