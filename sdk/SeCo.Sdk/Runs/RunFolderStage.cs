using SeCo.Sdk.Artifacts;

namespace SeCo.Sdk.Runs;

/// <summary>One stage of a <see cref="RunFolder"/>: its line in <c>run.json</c> and the outputs its manifest records.</summary>
public sealed record RunFolderStage
{
    /// <summary>The stage id in the pipeline.</summary>
    public required string Id { get; init; }

    /// <summary>The stage type (<c>use</c>).</summary>
    public required string Use { get; init; }

    /// <summary>The stage's wiring: input port to <c>stage.port</c> (what a report uses to name what was compared).</summary>
    public IReadOnlyDictionary<string, string> Inputs { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>What happened to the stage in the run.</summary>
    public required StageRunState State { get; init; }

    /// <summary>Seconds the run spent in the stage (0 when cached).</summary>
    public double DurationSeconds { get; init; }

    /// <summary>
    /// Seconds after the run began at which the stage started; with <see cref="DurationSeconds"/> the run's time line
    /// (stages whose inputs are ready run side by side). Null for a stage that never started or a run.json written
    /// before the field existed.
    /// </summary>
    public double? StartSeconds { get; init; }

    /// <summary>The failure of a failed stage (location and message, or type and message); null otherwise.</summary>
    public string? Error { get; init; }

    /// <summary>The stage's output folder; empty when the stage did not get that far.</summary>
    public string OutputDirectory { get; init; } = "";

    /// <summary>
    /// The output artifacts by port, from the stage's manifest: only the SDK's artifact types; empty when the stage
    /// has no manifest (failed, skipped, cancelled).
    /// </summary>
    public IReadOnlyDictionary<string, Artifact> Outputs { get; init; } = new Dictionary<string, Artifact>(StringComparer.Ordinal);
}
