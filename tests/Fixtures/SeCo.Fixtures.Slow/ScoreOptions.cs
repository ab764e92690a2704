using System.ComponentModel.DataAnnotations;
using SeCo.Sdk.Stages;

namespace SeCo.Fixtures.Slow;

/// <summary>Options of <see cref="ScoreStage"/>.</summary>
public sealed record ScoreOptions
{
    /// <summary>A text file holding the expected total size of the item files, relative to the pipeline folder.</summary>
    [Required]
    [FilePath]
    public string? Expected { get; init; }

    /// <summary>Extra files the score mentions (paths too, checked like <see cref="Expected"/>).</summary>
    [FilePath]
    public IReadOnlyList<string> Notes { get; init; } = [];
}
