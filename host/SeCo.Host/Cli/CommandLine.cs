using SeCo.Host.Pipelines;

namespace SeCo.Host.Cli;

/// <summary>A parsed <c>seco</c> command line.</summary>
internal sealed record CommandLine
{
    /// <summary><c>run</c>, <c>validate</c>, <c>plugins</c>, <c>graph</c>, <c>version</c> or <c>help</c>.</summary>
    public required string Command { get; init; }

    public string PipelinePath { get; init; } = "pipeline.json";

    public IReadOnlyList<SetOverride> Sets { get; init; } = [];

    public IReadOnlyList<string> Force { get; init; } = [];

    public string? From { get; init; }

    public IReadOnlyList<string> PluginDirectories { get; init; } = [];

    public bool Verbose { get; init; }
}
