using System.Text.Json.Serialization;

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

    /// <summary>
    /// <see cref="RunState.Succeeded"/>, <see cref="RunState.Failed"/> or <see cref="RunState.Cancelled"/>; written as in
    /// every run.json so far (<c>"Succeeded"</c>), read in any case.
    /// </summary>
    [JsonConverter(typeof(JsonStringEnumConverter<RunState>))]
    public required RunState State { get; init; }

    public required IReadOnlyList<StageRunRecord> Stages { get; init; }

    /// <summary>The exceptions of failed stages by stage id (not written to run.json).</summary>
    [JsonIgnore]
    public IReadOnlyDictionary<string, Exception> Failures { get; init; } = new Dictionary<string, Exception>();
}
