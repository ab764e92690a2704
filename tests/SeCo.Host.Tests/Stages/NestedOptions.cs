using System.ComponentModel.DataAnnotations;

namespace SeCo.Host.Tests.Stages;

public sealed record NestedOptions
{
    [Range(0.0, 1.0)]
    public double Threshold { get; init; } = 0.5;

    public int Points { get; init; } = 8;
}
