using SeCo.Vision.LabelMaps;

namespace SeCo.Vision.Regions;

/// <summary>
/// SeCo SCC's region extraction (<c>gen_ins_mask</c>): label map (plus optional ground truth) to region records,
/// for all classes at once: one labelling pass, one column-major RLE sweep and, with ground truth, one
/// histogram pass. Memory is proportional to the image, not to image x regions.
/// </summary>
public static class RegionExtractor
{
    /// <summary>
    /// Records of every 8-connected region of <paramref name="labels"/> (255 ignored), with <c>true_label</c> when
    /// <paramref name="groundTruth"/> is given (resized to the label map's size if needed).
    /// </summary>
    public static RegionRecord[] Extract(LabelMap labels, LabelMap? groundTruth = null)
    {
        ArgumentNullException.ThrowIfNull(labels);
        return groundTruth is null
            ? Extract(labels.Data, labels.Width, labels.Height)
            : Extract(labels.Data, labels.Width, labels.Height, groundTruth.Data, groundTruth.Width, groundTruth.Height);
    }

    /// <summary>Records of every 8-connected region of every class except 255, in <c>gen_ins_mask</c> order, without <c>true_label</c>.</summary>
    public static RegionRecord[] Extract(ReadOnlySpan<byte> labels, int width, int height) =>
        ToRecords(ConnectedComponents.LabelClasses(labels, width, height), ReadOnlySpan<byte>.Empty);

    /// <summary>
    /// Records with <c>true_label</c> from a ground-truth map of any size: a map of another size is first resized
    /// to the label map's with OpenCV's nearest-neighbour rule, as the reference does.
    /// </summary>
    public static RegionRecord[] Extract(ReadOnlySpan<byte> labels, int width, int height,
        ReadOnlySpan<byte> groundTruth, int groundTruthWidth, int groundTruthHeight)
    {
        if (groundTruth.Length != (long)groundTruthWidth * groundTruthHeight)
        {
            throw new ArgumentException($"The ground truth holds {groundTruth.Length} pixels; {groundTruthHeight}x{groundTruthWidth} needs {(long)groundTruthWidth * groundTruthHeight}.", nameof(groundTruth));
        }

        var labeling = ConnectedComponents.LabelClasses(labels, width, height);
        if (groundTruthWidth == width && groundTruthHeight == height)
        {
            return ToRecords(labeling, groundTruth);
        }

        if (groundTruthWidth == 0 || groundTruthHeight == 0)
        {
            throw new ArgumentException("An empty ground-truth map cannot be resized to the label map.", nameof(groundTruth));
        }

        var resized = NearestResize.Resize(groundTruth, groundTruthWidth, groundTruthHeight, width, height);
        return ToRecords(labeling, resized);
    }

    /// <summary>
    /// Records of a labelling (ids = region numbers). <paramref name="groundTruth"/> is empty (no <c>true_label</c>)
    /// or a row-major map of the labelling's size.
    /// </summary>
    public static RegionRecord[] ToRecords(RegionLabeling labeling, ReadOnlySpan<byte> groundTruth)
    {
        ArgumentNullException.ThrowIfNull(labeling);
        var rles = RegionRleEncoder.EncodeAll(labeling);
        var trueLabels = groundTruth.IsEmpty ? null : TrueLabelStatistics.Compute(labeling, groundTruth);
        var records = new RegionRecord[labeling.Count];
        for (var r = 0; r < records.Length; r++)
        {
            var rle = rles[r];
            var box = rle.ToBbox();
            records[r] = new RegionRecord
            {
                Segmentation = rle,
                Bbox = new RegionBox(checked((int)box.X), checked((int)box.Y), checked((int)box.Width), checked((int)box.Height)),
                Area = rle.Area,
                CategoryId = labeling.Regions[r].Class,
                Id = r,
                TrueLabel = trueLabels?[r],
            };
        }

        return records;
    }
}
