namespace SeCo.Host.Daemon;

/// <summary>What one stage of a run did: time, items, whether the stage cache answered, and the metric values it reported.</summary>
internal sealed record StageMetrics
{
    public required string Id { get; init; }

    /// <summary>The stage state (pending, cached, running, succeeded, failed, cancelled, skipped).</summary>
    public required string State { get; init; }

    /// <summary>Seconds this run spent in the stage (0 when cached).</summary>
    public double? Seconds { get; init; }

    /// <summary>
    /// Items the stage produced: the largest <c>items</c> list among its output artifacts, else the total its
    /// progress reported; null when neither is known.
    /// </summary>
    public long? Items { get; init; }

    /// <summary>True when the outputs came from the stage cache.</summary>
    public required bool CacheHit { get; init; }

    /// <summary>
    /// Metric values by name: the <c>metrics</c> of its output reports and the top-level numbers of a
    /// <c>metrics.json</c> among their files (an evaluation stage's mIoU, coverage, ...); null when none.
    /// </summary>
    public IReadOnlyDictionary<string, double>? Values { get; init; }
}
