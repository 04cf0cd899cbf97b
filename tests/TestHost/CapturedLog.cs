using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace BigDL.TestHost;

/// <summary>A logger provider that keeps every formatted line, so a test can assert on what a host logged.</summary>
public sealed class CapturedLog : ILoggerProvider
{
    readonly ConcurrentQueue<string> lines = new();

    /// <summary>Gets the lines logged so far, each as "Level Category: message".</summary>
    public IReadOnlyList<string> Lines => [.. lines];

    /// <summary>Gets the lines that contain every one of <paramref name="parts"/> (ordinal).</summary>
    public IReadOnlyList<string> Matching(params string[] parts) =>
        [.. lines.Where(l => parts.All(p => l.Contains(p, StringComparison.Ordinal)))];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    sealed class Logger(CapturedLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                var line = $"{logLevel} {category}: {formatter(state, exception)}";
                log.lines.Enqueue(exception is null ? line : $"{line} | {exception.GetType().Name}: {exception.Message}");
            }
        }
    }
}
