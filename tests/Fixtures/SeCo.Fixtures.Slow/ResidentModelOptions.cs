using System.ComponentModel.DataAnnotations;

namespace SeCo.Fixtures.Slow;

/// <summary>Options of <see cref="ResidentModelStage"/>.</summary>
public sealed record ResidentModelOptions
{
    /// <summary>The model cache key.</summary>
    [Required]
    public string Key { get; init; } = "fixture-model";

    /// <summary>The size the model reports to the cache budget.</summary>
    [Range(0, long.MaxValue)]
    public long Bytes { get; init; } = 1000;

    /// <summary>How long "loading" the model takes, in milliseconds.</summary>
    [Range(0, 60_000)]
    public int LoadMs { get; init; } = 100;

    /// <summary>How long the stage holds the model after taking it, in milliseconds.</summary>
    [Range(0, 60_000)]
    public int HoldMs { get; init; }

    /// <summary>Any text; changes the fingerprint so a second run is not served from the stage cache.</summary>
    public string Tag { get; init; } = "";
}
