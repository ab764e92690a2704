using Microsoft.Extensions.Logging;

namespace SeCo.Testing;

/// <summary>Keeps the formatted log messages.</summary>
public sealed class RecordingLogger : ILogger
{
    /// <summary>Every message logged, with its level.</summary>
    public List<(LogLevel Level, string Message)> Messages { get; } = [];

    /// <inheritdoc />
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    /// <inheritdoc />
    public bool IsEnabled(LogLevel logLevel) => true;

    /// <inheritdoc />
    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (Messages)
        {
            Messages.Add((logLevel, formatter(state, exception)));
        }
    }
}
