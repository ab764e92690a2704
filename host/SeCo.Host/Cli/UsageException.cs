namespace SeCo.Host.Cli;

/// <summary>A command line <c>seco</c> cannot follow; the message says what was expected.</summary>
internal sealed class UsageException(string message) : Exception(message);
