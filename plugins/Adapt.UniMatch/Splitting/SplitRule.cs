namespace SeCo.Plugins.Adapt.UniMatch.Splitting;

/// <summary>How the <c>split</c> stage chooses the labelled images (the paper does not state its rule).</summary>
public enum SplitRule
{
    /// <summary>Rank images by the fraction of pixels whose label is not 255 (what survived SCC); the top fraction is labelled.</summary>
    SurvivingFraction,

    /// <summary>Rank images by the mean classifier score of their kept SCC regions (needs the <c>regions</c> input).</summary>
    MeanRegionScore,

    /// <summary>Take the labelled and unlabelled subsets from two given list files.</summary>
    ListFiles,
}
