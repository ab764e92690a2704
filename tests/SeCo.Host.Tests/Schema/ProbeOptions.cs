using System.ComponentModel.DataAnnotations;

namespace SeCo.Host.Tests.Schema;

/// <summary>Options using every shape and check the schema generator translates.</summary>
public sealed record ProbeOptions
{
    /// <summary>Where the data lives.</summary>
    [Required]
    public string Root { get; init; } = "";

    /// <summary>An optional count.</summary>
    [Range(1, 8)]
    public int? Count { get; init; }

    /// <summary>A share strictly between 0 and 1.</summary>
    [Range(0.0, 1.0, MinimumIsExclusive = true, MaximumIsExclusive = true)]
    public double Share { get; init; } = 0.5;

    [AllowedValues(18, 34)]
    public int Depth { get; init; } = 18;

    [RegularExpression("[a-z]+")]
    public string Word { get; init; } = "abc";

    [MinLength(1)]
    [MaxLength(3)]
    public IReadOnlyList<string>? Names { get; init; }

    public IReadOnlyList<string?> Holes { get; init; } = [];

    public Dictionary<string, double> Weights { get; init; } = [];

    public byte Level { get; init; } = 3;

    public ProbeOptions? Inner { get; init; }
}
