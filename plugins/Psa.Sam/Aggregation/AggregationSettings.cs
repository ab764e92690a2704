namespace SeCo.Plugins.Psa.Aggregation;

/// <summary>
/// The parameters of <see cref="PixelSemanticAggregator"/> (spec psa §3–§6). Nothing here has a default: the stage
/// derives them from its options and the taxonomy (<c>PsaOptions.ToAggregationSettings</c>), which declare them once.
/// </summary>
public sealed record AggregationSettings
{
    /// <summary>Number of real classes (19 or 16 in SeCo); purity counts every larger value as one ignore class.</summary>
    public required int NumClasses { get; init; }

    /// <summary>Classes assigned by the mask vote (§5).</summary>
    public required IReadOnlyList<int> StuffIds { get; init; }

    /// <summary>Classes re-segmented by box + point prompts (§6).</summary>
    public required IReadOnlyList<int> ThingIds { get; init; }

    /// <summary>A stuff class claims a mask when its share of the mask's labelled pixels is above this (strict).</summary>
    public required double StuffVoteThreshold { get; init; }

    /// <summary>Components smaller than this are skipped; a thing class needs more than this many pixels overall.</summary>
    public required int MinComponentPixels { get; init; }

    /// <summary>Unclip (polygon offset) ratio of the box prompt.</summary>
    public required double UnclipRatio { get; init; }

    /// <summary>Window radius of the purity map the points are chosen from.</summary>
    public required int PurityRadius { get; init; }

    /// <summary>Quirk handling.</summary>
    public required PsaCompatibility Compatibility { get; init; }

    /// <summary>Reference quirks fixed individually (all off = the reference).</summary>
    public required PsaFixes Fixes { get; init; }
}
