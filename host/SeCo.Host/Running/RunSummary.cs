namespace SeCo.Host.Running;

/// <summary>The last run of a pipeline, written atomically to <c>&lt;workspace&gt;/run.json</c>.</summary>
internal sealed record RunSummary
{
    public const string FileName = "run.json";

    public required string Pipeline { get; init; }

    public required string PipelineFile { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public required DateTimeOffset FinishedAt { get; init; }

    public required double DurationSeconds { get; init; }

    /// <summary>Succeeded, Failed or Cancelled.</summary>
    public required string State { get; init; }

    public required IReadOnlyList<StageRunRecord> Stages { get; init; }

    /// <summary>The exceptions of failed stages by stage id (not written to run.json).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyDictionary<string, Exception> Failures { get; init; } = new Dictionary<string, Exception>();
}
