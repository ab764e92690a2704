namespace SeCo.Host.Daemon;

/// <summary>A daemon run as the API reports it.</summary>
internal sealed record RunRecord
{
    public required string Id { get; init; }

    /// <summary>The pipeline name.</summary>
    public required string Pipeline { get; init; }

    /// <summary>One of <see cref="RunStates"/>.</summary>
    public required string State { get; init; }

    public required DateTimeOffset SubmittedAt { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>How many times the daemon started the run (more than one after an interruption).</summary>
    public int Attempts { get; init; }

    public string? Error { get; init; }

    public IReadOnlyList<StageRecord> Stages { get; init; } = [];

    /// <summary>The metrics summary (<c>GET /v1/runs/{id}</c> only; null in lists).</summary>
    public RunMetrics? Metrics { get; init; }
}
