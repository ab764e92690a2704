using SeCo.Vision.Geometry;
using SeCo.Vision.Purity;

namespace SeCo.Plugins.Psa.Aggregation;

/// <summary>The parameters of <see cref="PixelSemanticAggregator"/> (spec psa §3–§6).</summary>
public sealed record AggregationSettings
{
    /// <summary>Number of real classes (19 or 16 in SeCo); purity counts every larger value as one ignore class.</summary>
    public required int NumClasses { get; init; }

    /// <summary>Classes assigned by the mask vote (§5).</summary>
    public required IReadOnlyList<int> StuffIds { get; init; }

    /// <summary>Classes re-segmented by box + point prompts (§6).</summary>
    public required IReadOnlyList<int> ThingIds { get; init; }

    /// <summary>A stuff class claims a mask when its share of the mask's labelled pixels is above this (strict).</summary>
    public double StuffVoteThreshold { get; init; } = 0.20;

    /// <summary>Components smaller than this are skipped; a thing class needs more than this many pixels overall.</summary>
    public int MinComponentPixels { get; init; } = 10;

    /// <summary>Unclip (polygon offset) ratio of the box prompt.</summary>
    public double UnclipRatio { get; init; } = Unclip.DefaultRatio;

    /// <summary>Window radius of the purity map the points are chosen from.</summary>
    public int PurityRadius { get; init; } = SpatialPurity.DefaultRadius;

    /// <summary>Quirk handling.</summary>
    public PsaCompatibility Compatibility { get; init; } = PsaCompatibility.Reference;

    /// <summary>Reference quirks fixed individually (all off = the reference).</summary>
    public PsaFixes Fixes { get; init; } = new();
}
