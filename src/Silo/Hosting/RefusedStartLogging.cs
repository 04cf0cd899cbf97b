using BigDL.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace BigDL.Silo.Hosting;

/// <summary>
/// Keeps a silo refused by its cluster (another cluster secret) from printing stack traces: <c>bigdl silo</c> explains the
/// refusal in one line, while Orleans logs the failed lifecycle stage, and every connection its stopping silo still tries,
/// at error level with the exception.
/// </summary>
/// <remarks>
/// Only the console's exceptions are shortened (to their type and first line), and only for entries caused by a refusal:
/// one whose exception chain holds an <see cref="AuthenticationRefusedException"/> or an exception of the handshake
/// (<c>BigDL.Security</c>), and every entry after the start was refused, when the silo is only stopping. Every entry is
/// still written, at its level; any other error keeps its stack trace.
/// </remarks>
internal static class RefusedStartLogging
{
    /// <summary>Wraps the console logger of <paramref name="logging"/> (added by the web host's defaults) in the filter.</summary>
    public static ILoggingBuilder AddRefusedStartFilter(this ILoggingBuilder logging)
    {
        ArgumentNullException.ThrowIfNull(logging);
        var console = logging.Services.FirstOrDefault(d => d.ServiceType == typeof(ILoggerProvider) && d.ImplementationType == typeof(ConsoleLoggerProvider));
        if (console is null)
        {
            return logging;
        }

        logging.Services.Remove(console);
        logging.Services.AddSingleton<ILoggerProvider>(sp => new Provider(
            new ConsoleLoggerProvider(sp.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>(), sp.GetServices<ConsoleFormatter>())));
        return logging;
    }

    static bool IsRefusal(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is AuthenticationRefusedException || e.GetType().Namespace?.StartsWith("BigDL.Security", StringComparison.Ordinal) == true)
            {
                return true;
            }
        }

        return false;
    }

    [ProviderAlias("Console")] // the console's configuration and filters ("Logging:Console") still apply
    sealed class Provider(ConsoleLoggerProvider inner) : ILoggerProvider, ISupportExternalScope
    {
        // Set by the first refusal seen: the start failed and what follows is the silo stopping.
        volatile bool refused;

        public ILogger CreateLogger(string categoryName) => new Logger(inner.CreateLogger(categoryName), this);

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => inner.SetScopeProvider(scopeProvider);

        public void Dispose() => inner.Dispose();

        sealed class Logger(ILogger inner, Provider provider) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => inner.BeginScope(state);

            public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (exception is null || !(provider.refused || (provider.refused = IsRefusal(exception))))
                {
                    inner.Log(logLevel, eventId, state, exception, formatter);
                    return;
                }

                var cause = $"{exception.GetType().Name}: {exception.Message.Split('\n', 2)[0].TrimEnd()}";
                inner.Log(logLevel, eventId, state, null, (s, _) => $"{formatter(s, exception)} ({cause})");
            }
        }
    }
}
