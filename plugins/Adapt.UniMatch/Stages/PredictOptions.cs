using System.ComponentModel.DataAnnotations;
using SeCo.Vision.Thresholds;

namespace SeCo.Plugins.Adapt.UniMatch.Stages;

/// <summary>Options of <see cref="PredictStage"/>; bound from the stage's "with" object.</summary>
public sealed record PredictOptions
{
    /// <summary>
    /// How the pseudo-labels are thresholded: <c>ClassBalanced</c> (CBST, as ProDA), <c>GlobalConfidence</c> (one CBST
    /// threshold for all classes) or <c>ClassTopPortion</c> (the most confident <see cref="Portion"/> of each class).
    /// </summary>
    public ThresholdMode Mode { get; init; } = ThresholdMode.ClassBalanced;

    /// <summary>The share of each class's pixels kept as pseudo-labels (CBST's portion).</summary>
    [Range(0.0, 1.0)]
    public double Portion { get; init; } = 0.5;

    /// <summary>Keep every n-th confidence of each class per image when computing thresholds (CBST: 4).</summary>
    [Range(1, 1024)]
    public int SampleStride { get; init; } = 4;
}
