using System.Text.Json.Serialization;

namespace SeCo.Host.Daemon;

/// <summary>One stage of a daemon run: its state, progress and timings.</summary>
internal sealed record StageRecord
{
    public required string Id { get; init; }

    /// <summary>The stage id it runs (<c>use</c>).</summary>
    public required string Use { get; init; }

    /// <summary>pending, cached, running, succeeded, failed, cancelled or skipped.</summary>
    public required string State { get; init; }

    public long? Done { get; init; }

    public long? Total { get; init; }

    public string? Phase { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }

    public double? Seconds { get; init; }

    public string? Error { get; init; }

    /// <summary>Why the stage ran or was reused, e.g. <c>re-ran: seed changed 0 -> 1</c> (see <c>seco run --explain</c>).</summary>
    public string? Cache { get; init; }

    /// <summary>The stage's output folder once known (artifacts are served from it; not shown to clients).</summary>
    [JsonIgnore]
    public string? OutputDirectory { get; init; }
}
