namespace SeCo.Host.Plugins;

/// <summary>A plugin folder that cannot be used: why, in one sentence naming the plugin.</summary>
internal sealed class PluginLoadException(string message, Exception? innerException = null) : Exception(message, innerException)
{
    /// <summary>
    /// One exception for several problems (each a sentence naming its plugin): the single message when
    /// there is one, otherwise a count followed by one line per problem.
    /// </summary>
    public static PluginLoadException FromProblems(IReadOnlyList<string> problems)
    {
        ArgumentOutOfRangeException.ThrowIfZero(problems.Count);
        return problems.Count == 1
            ? new PluginLoadException(problems[0])
            : new PluginLoadException($"{problems.Count} plugin problems:{Environment.NewLine}" +
                string.Join(Environment.NewLine, problems.Select(p => "  - " + p)));
    }
}
