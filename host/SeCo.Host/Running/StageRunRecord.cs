namespace SeCo.Host.Running;

/// <summary>One stage's line in <c>run.json</c>.</summary>
internal sealed record StageRunRecord
{
    public required string Id { get; init; }

    public required string Use { get; init; }

    /// <summary>The stage's wiring: input port to <c>stage.port</c> (what reports use to name what was compared).</summary>
    public IReadOnlyDictionary<string, string> Inputs { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    public required string Fingerprint { get; init; }

    public required string OutputDirectory { get; init; }

    public required StageRunState State { get; init; }

    public double DurationSeconds { get; init; }

    /// <summary>
    /// When the stage started working (its inputs ready), in seconds after the run started; with
    /// <see cref="DurationSeconds"/> the run's time line (stages whose inputs are ready run side by side). Null for a
    /// stage that never started and in run.json files written before it was recorded.
    /// </summary>
    public double? StartSeconds { get; init; }

    /// <summary>The failure, for failed stages: location and message for input errors, type and message for others.</summary>
    public string? Error { get; init; }

    /// <summary>Why the stage ran or was reused (<see cref="CacheExplanation"/>); null when it did not get that far.</summary>
    public string? Cache { get; init; }
}
