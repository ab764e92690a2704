using System.ComponentModel.DataAnnotations;

namespace SeCo.Plugins.Adapt.UniMatch.Stages;

/// <summary>Options of <see cref="BatchNormAdaptStage"/>; bound from the stage's "with" object.</summary>
public sealed record BatchNormAdaptOptions
{
    /// <summary>Whole images per forward pass while the statistics are collected.</summary>
    [Range(1, 256)]
    public int BatchSize { get; init; } = 4;
}
