using Microsoft.Extensions.Logging;

namespace BigDL.Dashboard.Tests;

/// <summary>Writes the test host's warnings and errors to a file among the test artifacts, for diagnosing a failed run.</summary>
public sealed class FileLoggerProvider(string path) : ILoggerProvider
{
    readonly Lock gate = new();

    public ILogger CreateLogger(string categoryName) => new FileLogger(this, categoryName);

    public void Dispose()
    {
    }

    void Write(string line)
    {
        lock (gate)
        {
            File.AppendAllText(path, line + Environment.NewLine);
        }
    }

    sealed class FileLogger(FileLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                owner.Write($"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel} {category}: {formatter(state, exception)}{(exception is null ? "" : Environment.NewLine + exception)}");
            }
        }
    }
}
