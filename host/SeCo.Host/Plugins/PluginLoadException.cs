namespace SeCo.Host.Plugins;

/// <summary>
/// A plugin folder that cannot be used: why, in one sentence naming the plugin; or several such
/// problems found in one load, listed together.
/// </summary>
internal sealed class PluginLoadException : Exception
{
    /// <summary>Creates the exception for one problem.</summary>
    public PluginLoadException(string message, Exception? innerException = null)
        : base(message, innerException) => Problems = [message];

    private PluginLoadException(IReadOnlyList<string> problems)
        : base($"{problems.Count} plugin problems:{Environment.NewLine}" + string.Join(Environment.NewLine, problems.Select(p => "  - " + p))) =>
        Problems = problems;

    /// <summary>Each problem as one sentence naming its plugin (one entry for a single problem).</summary>
    public IReadOnlyList<string> Problems { get; }

    /// <summary>
    /// One exception for several problems: the single problem's own exception when there is one,
    /// otherwise a count followed by one line per problem.
    /// </summary>
    public static PluginLoadException FromProblems(IReadOnlyList<string> problems)
    {
        ArgumentOutOfRangeException.ThrowIfZero(problems.Count);
        return problems.Count == 1 ? new PluginLoadException(problems[0]) : new PluginLoadException(problems);
    }

    /// <summary>Combines exceptions: the only one as it is (keeping its inner exception), else all their problems.</summary>
    public static PluginLoadException Combine(IReadOnlyList<PluginLoadException> failures)
    {
        ArgumentOutOfRangeException.ThrowIfZero(failures.Count);
        return failures.Count == 1 ? failures[0] : FromProblems(failures.SelectMany(f => f.Problems).ToList());
    }
}
