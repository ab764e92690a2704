namespace SeCo.Host.Daemon;

/// <summary>The metrics summary of a run (<c>GET /v1/runs/{id}</c>): totals and one line per stage.</summary>
internal sealed record RunMetrics
{
    /// <summary>Seconds spent in stages during this run (cached stages count 0).</summary>
    public required double StageSeconds { get; init; }

    /// <summary>How many stages the stage cache answered.</summary>
    public required int CacheHits { get; init; }

    /// <summary>How many stages ran (succeeded or failed) in this run.</summary>
    public required int Ran { get; init; }

    public required IReadOnlyList<StageMetrics> Stages { get; init; }
}
