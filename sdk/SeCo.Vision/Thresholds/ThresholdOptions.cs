using System.ComponentModel.DataAnnotations;

namespace SeCo.Vision.Thresholds;

/// <summary>
/// The thresholding options of every stage that turns class probabilities into pseudo-labels with
/// <see cref="ThresholdSolver"/> (<c>predict</c>, <c>sources.proda</c>), declared once: such a stage's options record
/// derives from this one, so a pipeline writes them flat beside the stage's own options (<c>with.mode</c>,
/// <c>with.portion</c>, <c>with.sampleStride</c>) and their defaults, ranges and docs are the same everywhere.
/// </summary>
public abstract record ThresholdOptions
{
    /// <summary>CBST's sampling stride (<c>[0::4]</c>), the default of <see cref="SampleStride"/> and of <see cref="ConfidencePools"/>.</summary>
    public const int CbstSampleStride = 4;

    /// <summary>
    /// How the pseudo-labels are thresholded: <c>classBalanced</c> (CBST class-balanced thresholds, as ProDA),
    /// <c>globalConfidence</c> (one CBST threshold for all classes) or <c>classTopPortion</c> (the most confident
    /// <c>portion</c> of each class).
    /// </summary>
    public ThresholdMode Mode { get; init; } = ThresholdMode.ClassBalanced;

    /// <summary>The share of (sampled) pixels kept: CBST's target portion, or the top share of each class.</summary>
    [Range(0.0, 1.0)]
    public double Portion { get; init; } = 0.5;

    /// <summary>Keep every n-th confidence of each class and image when computing the thresholds (CBST: 4).</summary>
    [Range(1, 1024)]
    public int SampleStride { get; init; } = CbstSampleStride;
}
