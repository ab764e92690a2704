namespace SeCo.Vision.Metrics;

/// <summary>
/// Segmentation quality computed by <see cref="ConfusionMatrix.Score"/>. Values are fractions in
/// [0, 1] (multiply by 100 for the percentages papers report); NaN where undefined.
/// </summary>
/// <remarks>
/// <para><b>IoU</b> of class c = TP / (TP + FP + FN) over pixels whose ground truth is not 255.
/// <b>mIoU averages only the classes whose union is non-zero</b> (present in the ground truth or
/// predicted), like the Cityscapes evaluation scripts; a class absent from both is NaN and left out.
/// (UniMatch's evaluator instead counts such classes as 0; with every class present, as on the full
/// Cityscapes validation set, the two agree.)</para>
/// <para>The <b>labelled</b> scores are the same measures restricted to pixels whose prediction is
/// not 255: the precision-like view of a sparse pseudo-label. <see cref="Coverage"/> is the
/// fraction of all pixels whose prediction is not 255. Pseudo-label quality is the pair
/// (<see cref="LabelledMeanIoU"/>, <see cref="Coverage"/>).</para>
/// </remarks>
public sealed record SegmentationScores
{
    /// <summary>IoU per class id over all evaluated pixels (a prediction of 255 is a miss); NaN when the union is empty.</summary>
    public required IReadOnlyList<double> ClassIoU { get; init; }

    /// <summary>Mean of <see cref="ClassIoU"/> over classes with a non-empty union.</summary>
    public required double MeanIoU { get; init; }

    /// <summary>Correct pixels / pixels whose ground truth is not 255.</summary>
    public required double PixelAccuracy { get; init; }

    /// <summary>IoU per class over pixels whose prediction is not 255.</summary>
    public required IReadOnlyList<double> LabelledClassIoU { get; init; }

    /// <summary>Mean of <see cref="LabelledClassIoU"/> over classes with a non-empty union.</summary>
    public required double LabelledMeanIoU { get; init; }

    /// <summary>Correct pixels / pixels whose ground truth and prediction are both not 255.</summary>
    public required double LabelledPixelAccuracy { get; init; }

    /// <summary>Pixels whose prediction is not 255 / all pixels.</summary>
    public required double Coverage { get; init; }

    /// <summary>The number of images scored.</summary>
    public required long ImageCount { get; init; }

    /// <summary>Pixels whose ground truth is a class id (the denominator of <see cref="PixelAccuracy"/>).</summary>
    public required long EvaluatedPixels { get; init; }
}
