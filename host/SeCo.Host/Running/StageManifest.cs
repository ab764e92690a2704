using System.Text.Json;

namespace SeCo.Host.Running;

/// <summary>
/// <c>manifest.json</c> of a finished stage, written last and atomically: its presence means the
/// stage's folder is complete for this fingerprint.
/// </summary>
internal sealed record StageManifest
{
    /// <summary>The manifest format written now: 2 adds <see cref="Key"/>.</summary>
    public const int CurrentFormatVersion = 2;

    /// <summary>1 for manifests written before the key was recorded, <see cref="CurrentFormatVersion"/> since.</summary>
    public int FormatVersion { get; init; } = CurrentFormatVersion;

    public required string Fingerprint { get; init; }

    public required string StageId { get; init; }

    public required string Use { get; init; }

    public required string Plugin { get; init; }

    public required string PluginVersion { get; init; }

    /// <summary>The canonical options the stage ran with.</summary>
    public required JsonElement Options { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public required DateTimeOffset FinishedAt { get; init; }

    public required double DurationSeconds { get; init; }

    /// <summary>The parts of the cache key the fingerprint was computed from; null in manifests of format 1.</summary>
    public StageKey? Key { get; init; }

    /// <summary>Output artifacts by port name.</summary>
    public required IReadOnlyDictionary<string, ManifestArtifact> Outputs { get; init; }
}
