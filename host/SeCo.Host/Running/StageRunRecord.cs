namespace SeCo.Host.Running;

/// <summary>One stage's line in <c>run.json</c>.</summary>
internal sealed record StageRunRecord
{
    public required string Id { get; init; }

    public required string Use { get; init; }

    public required string Fingerprint { get; init; }

    public required string OutputDirectory { get; init; }

    public required StageRunState State { get; init; }

    public double DurationSeconds { get; init; }

    /// <summary>The failure, for failed stages: location and message for input errors, type and message for others.</summary>
    public string? Error { get; init; }
}
