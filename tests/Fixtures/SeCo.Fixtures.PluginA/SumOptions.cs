using System.ComponentModel.DataAnnotations;

namespace SeCo.Fixtures.PluginA;

/// <summary>Options of <see cref="SumStage"/>.</summary>
public sealed record SumOptions
{
    /// <summary>How many integers to sum, starting at <c>0</c>.</summary>
    [Range(1, 1_000_000)]
    public int Count { get; init; } = 10;

    /// <summary>The factor applied to the sum.</summary>
    public double Scale { get; init; } = 1.0;
}
