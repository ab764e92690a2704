namespace SeCo.Plugins.Adapt.UniMatch.Evaluation;

/// <summary>
/// Accumulates <see cref="IntersectionAndUnion"/> areas over images as UniMatch's <c>evaluate</c> does:
/// <c>IoU_c = 100 · ΣI_c / (ΣU_c + 1e-10)</c>; mIoU is the mean over all classes (a class absent from both
/// predictions and ground truth counts as 0).
/// </summary>
public sealed class MeanIoU
{
    private readonly long[] _intersection;
    private readonly long[] _union;
    private readonly long[] _target;

    /// <summary>Creates an empty accumulator.</summary>
    /// <param name="classCount">Number of classes K.</param>
    /// <param name="ignoreIndex">Ground-truth ignore value.</param>
    public MeanIoU(int classCount, int ignoreIndex = 255)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 1);
        ClassCount = classCount;
        IgnoreIndex = ignoreIndex;
        _intersection = new long[classCount];
        _union = new long[classCount];
        _target = new long[classCount];
    }

    /// <summary>Number of classes.</summary>
    public int ClassCount { get; }

    /// <summary>The ground-truth ignore value.</summary>
    public int IgnoreIndex { get; }

    /// <summary>Summed intersections per class.</summary>
    public IReadOnlyList<long> Intersection => _intersection;

    /// <summary>Summed unions per class.</summary>
    public IReadOnlyList<long> Union => _union;

    /// <summary>Summed ground-truth areas per class.</summary>
    public IReadOnlyList<long> Target => _target;

    /// <summary>Adds one image.</summary>
    public void Add(ReadOnlySpan<long> prediction, ReadOnlySpan<byte> groundTruth) =>
        IntersectionAndUnion.Accumulate(prediction, groundTruth, ClassCount, _intersection, _union, _target, IgnoreIndex);

    /// <summary>Adds one image with 8-bit predictions.</summary>
    public void Add(ReadOnlySpan<byte> prediction, ReadOnlySpan<byte> groundTruth) =>
        IntersectionAndUnion.Accumulate(prediction, groundTruth, ClassCount, _intersection, _union, _target, IgnoreIndex);

    /// <summary>Per-class IoU in percent.</summary>
    public double[] ClassIoU()
    {
        var iou = new double[ClassCount];
        for (var c = 0; c < ClassCount; c++)
        {
            iou[c] = _intersection[c] / (_union[c] + 1e-10) * 100.0;
        }

        return iou;
    }

    /// <summary>mIoU in percent, the mean over all classes.</summary>
    public double Value()
    {
        var iou = ClassIoU();
        var sum = 0.0;
        foreach (var v in iou)
        {
            sum += v;
        }

        return sum / iou.Length;
    }
}
