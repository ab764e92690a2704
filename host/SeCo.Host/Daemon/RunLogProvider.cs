using Microsoft.Extensions.Logging;

namespace SeCo.Host.Daemon;

/// <summary>Turns the log lines written during one run (Information and above) into <c>log</c> events of that run.</summary>
internal sealed class RunLogProvider(string runId, RunEventWriter events) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new RunLogger(runId, categoryName, events);

    public void Dispose()
    {
    }

    private sealed class RunLogger(string runId, string category, RunEventWriter events) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information && logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                events.Append(runId, "log", new { level = logLevel.ToString().ToLowerInvariant(), category, message = formatter(state, exception) });
            }
        }
    }
}
