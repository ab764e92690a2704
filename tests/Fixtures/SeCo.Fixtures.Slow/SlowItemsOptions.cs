using System.ComponentModel.DataAnnotations;

namespace SeCo.Fixtures.Slow;

/// <summary>Options of <see cref="SlowItemsStage"/>.</summary>
public sealed record SlowItemsOptions
{
    /// <summary>How many item files to write.</summary>
    [Range(1, 100_000)]
    public int Count { get; init; } = 10;

    /// <summary>Milliseconds to wait before writing each item.</summary>
    [Range(0, 60_000)]
    public int DelayMs { get; init; } = 200;

    /// <summary>Size of each item file in bytes (large files make a kill mid-write likely).</summary>
    [Range(16, 64 * 1024 * 1024)]
    public int ItemBytes { get; init; } = 4096;
}
