using SeCo.Vision.LabelMaps;

namespace SeCo.Vision.Metrics;

/// <summary>
/// Accumulates pixel counts of (ground-truth class, predicted class) over label maps, the basis of
/// IoU, mIoU, pixel accuracy and pseudo-label coverage (see <see cref="SegmentationScores"/>).
/// </summary>
/// <remarks>
/// <para>Ground-truth pixels of value 255 are ignored. Ground-truth values outside the taxonomy
/// (neither a class id nor 255) are not counted but tallied in <see cref="InvalidGroundTruthPixels"/>,
/// so a caller can reject the file.</para>
/// <para>Predictions of 255 are "not labelled" (a pseudo-label that abstains): they count as misses
/// of the ground-truth class in the all-pixel scores and are left out of the labelled-pixel scores.
/// Predicted values outside the taxonomy count as wrong everywhere (a miss that is no class's false
/// positive).</para>
/// </remarks>
public sealed class ConfusionMatrix
{
    private const long FormatTag = 0x3130_4D43_6F43_6553; // "SeCoCM01" little-endian
    private const int HeaderLongs = 7;

    private readonly long[] _counts;
    private readonly int _columns;
    private readonly byte[] _columnOfPrediction;

    /// <summary>Creates an empty matrix.</summary>
    /// <param name="classCount">The number of classes (ids 0 to <paramref name="classCount"/> − 1), 1 to 255.</param>
    public ConfusionMatrix(int classCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(classCount, 255);
        ClassCount = classCount;
        _columns = classCount + 2;
        _counts = new long[classCount * _columns];
        _columnOfPrediction = new byte[256];
        for (var value = 0; value < 256; value++)
        {
            _columnOfPrediction[value] = (byte)(value < classCount ? value
                : value == LabelMap.Ignore ? UnlabelledColumn : OutOfTaxonomyColumn);
        }
    }

    /// <summary>The number of classes.</summary>
    public int ClassCount { get; }

    /// <summary>Label maps added.</summary>
    public long ImageCount { get; private set; }

    /// <summary>All pixels added, whatever their values.</summary>
    public long TotalPixels { get; private set; }

    /// <summary>Pixels whose prediction is not 255, over all pixels (ground truth ignored or not).</summary>
    public long LabelledPredictionPixels { get; private set; }

    /// <summary>Pixels whose ground truth is 255.</summary>
    public long IgnoredGroundTruthPixels { get; private set; }

    /// <summary>Pixels whose ground truth is neither a class id nor 255 (not counted anywhere else).</summary>
    public long InvalidGroundTruthPixels { get; private set; }

    private int UnlabelledColumn => ClassCount;

    private int OutOfTaxonomyColumn => ClassCount + 1;

    /// <summary>Pixels of ground-truth class <paramref name="groundTruth"/> predicted as class <paramref name="prediction"/>.</summary>
    public long this[int groundTruth, int prediction]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)groundTruth, (uint)ClassCount, nameof(groundTruth));
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)prediction, (uint)ClassCount, nameof(prediction));
            return _counts[groundTruth * _columns + prediction];
        }
    }

    /// <summary>Pixels of ground-truth class <paramref name="groundTruth"/> predicted as 255 (not labelled).</summary>
    public long Unlabelled(int groundTruth) => _counts[RowStart(groundTruth) + UnlabelledColumn];

    /// <summary>Pixels of ground-truth class <paramref name="groundTruth"/> predicted as a value outside the taxonomy.</summary>
    public long OutOfTaxonomy(int groundTruth) => _counts[RowStart(groundTruth) + OutOfTaxonomyColumn];

    /// <summary>Adds one image.</summary>
    /// <param name="groundTruth">The ground truth.</param>
    /// <param name="prediction">The prediction or pseudo-label, of the same size.</param>
    public void Add(LabelMap groundTruth, LabelMap prediction)
    {
        ArgumentNullException.ThrowIfNull(groundTruth);
        ArgumentNullException.ThrowIfNull(prediction);
        if (groundTruth.Width != prediction.Width || groundTruth.Height != prediction.Height)
        {
            throw new ArgumentException(
                $"The prediction is {prediction.Width}x{prediction.Height} but the ground truth is {groundTruth.Width}x{groundTruth.Height}.",
                nameof(prediction));
        }

        Add(groundTruth.Data, prediction.Data);
    }

    /// <summary>Adds one image given as flat pixel arrays of equal length.</summary>
    public void Add(ReadOnlySpan<byte> groundTruth, ReadOnlySpan<byte> prediction)
    {
        if (groundTruth.Length != prediction.Length)
        {
            throw new ArgumentException($"The prediction has {prediction.Length} pixels but the ground truth {groundTruth.Length}.", nameof(prediction));
        }

        var counts = _counts;
        var columns = _columns;
        var classCount = ClassCount;
        var columnOf = _columnOfPrediction;
        long labelled = 0, ignored = 0, invalid = 0;
        for (var i = 0; i < groundTruth.Length; i++)
        {
            int predicted = prediction[i];
            labelled += predicted != LabelMap.Ignore ? 1 : 0;
            int truth = groundTruth[i];
            if (truth >= classCount)
            {
                if (truth == LabelMap.Ignore)
                {
                    ignored++;
                }
                else
                {
                    invalid++;
                }

                continue;
            }

            counts[truth * columns + columnOf[predicted]]++;
        }

        ImageCount++;
        TotalPixels += groundTruth.Length;
        LabelledPredictionPixels += labelled;
        IgnoredGroundTruthPixels += ignored;
        InvalidGroundTruthPixels += invalid;
    }

    /// <summary>Adds the counts of another matrix with the same number of classes.</summary>
    public void Merge(ConfusionMatrix other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.ClassCount != ClassCount)
        {
            throw new ArgumentException($"Cannot merge a {other.ClassCount}-class matrix into a {ClassCount}-class one.", nameof(other));
        }

        for (var i = 0; i < _counts.Length; i++)
        {
            _counts[i] += other._counts[i];
        }

        ImageCount += other.ImageCount;
        TotalPixels += other.TotalPixels;
        LabelledPredictionPixels += other.LabelledPredictionPixels;
        IgnoredGroundTruthPixels += other.IgnoredGroundTruthPixels;
        InvalidGroundTruthPixels += other.InvalidGroundTruthPixels;
    }

    /// <summary>
    /// The matrix as bytes (little-endian: a format tag, the class count, the five pixel tallies, the counts), so a
    /// stage can keep one image's matrix and merge it later (<see cref="FromBytes"/> reads it back exactly).
    /// </summary>
    public byte[] ToBytes()
    {
        var longs = new long[HeaderLongs + _counts.Length];
        longs[0] = FormatTag;
        longs[1] = ClassCount;
        longs[2] = ImageCount;
        longs[3] = TotalPixels;
        longs[4] = LabelledPredictionPixels;
        longs[5] = IgnoredGroundTruthPixels;
        longs[6] = InvalidGroundTruthPixels;
        _counts.CopyTo(longs, HeaderLongs);
        var bytes = new byte[longs.Length * sizeof(long)];
        for (var i = 0; i < longs.Length; i++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(i * sizeof(long)), longs[i]);
        }

        return bytes;
    }

    /// <summary>Reads what <see cref="ToBytes"/> wrote; throws <see cref="FormatException"/> for anything else.</summary>
    public static ConfusionMatrix FromBytes(ReadOnlySpan<byte> bytes)
    {
        long Read(ReadOnlySpan<byte> span, int index) => System.Buffers.Binary.BinaryPrimitives.ReadInt64LittleEndian(span[(index * sizeof(long))..]);
        if (bytes.Length < HeaderLongs * sizeof(long) || Read(bytes, 0) != FormatTag || Read(bytes, 1) is < 1 or > 255)
        {
            throw new FormatException("Not a confusion matrix written by ConfusionMatrix.ToBytes.");
        }

        var matrix = new ConfusionMatrix((int)Read(bytes, 1));
        if (bytes.Length != (HeaderLongs + matrix._counts.Length) * sizeof(long))
        {
            throw new FormatException($"A {matrix.ClassCount}-class confusion matrix has {(HeaderLongs + matrix._counts.Length) * sizeof(long)} bytes, not {bytes.Length}.");
        }

        matrix.ImageCount = Read(bytes, 2);
        matrix.TotalPixels = Read(bytes, 3);
        matrix.LabelledPredictionPixels = Read(bytes, 4);
        matrix.IgnoredGroundTruthPixels = Read(bytes, 5);
        matrix.InvalidGroundTruthPixels = Read(bytes, 6);
        for (var i = 0; i < matrix._counts.Length; i++)
        {
            matrix._counts[i] = Read(bytes, HeaderLongs + i);
        }

        return matrix;
    }

    /// <summary>Computes the scores of everything added so far.</summary>
    public SegmentationScores Score()
    {
        var k = ClassCount;
        var predictedAs = new long[k];
        var truthAll = new long[k];
        var truthLabelled = new long[k];
        long correct = 0, evaluated = 0, evaluatedLabelled = 0;
        for (var g = 0; g < k; g++)
        {
            var row = _counts.AsSpan(g * _columns, _columns);
            for (var p = 0; p < k; p++)
            {
                predictedAs[p] += row[p];
                truthLabelled[g] += row[p];
            }

            truthLabelled[g] += row[OutOfTaxonomyColumn];
            truthAll[g] = truthLabelled[g] + row[UnlabelledColumn];
            correct += row[g];
            evaluated += truthAll[g];
            evaluatedLabelled += truthLabelled[g];
        }

        var iou = new double[k];
        var iouLabelled = new double[k];
        for (var c = 0; c < k; c++)
        {
            var hits = _counts[c * _columns + c];
            iou[c] = Ratio(hits, truthAll[c] + predictedAs[c] - hits);
            iouLabelled[c] = Ratio(hits, truthLabelled[c] + predictedAs[c] - hits);
        }

        return new SegmentationScores
        {
            ClassIoU = iou,
            MeanIoU = MeanOfDefined(iou),
            PixelAccuracy = Ratio(correct, evaluated),
            LabelledClassIoU = iouLabelled,
            LabelledMeanIoU = MeanOfDefined(iouLabelled),
            LabelledPixelAccuracy = Ratio(correct, evaluatedLabelled),
            Coverage = Ratio(LabelledPredictionPixels, TotalPixels),
            ImageCount = ImageCount,
            EvaluatedPixels = evaluated,
        };
    }

    private int RowStart(int groundTruth)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)groundTruth, (uint)ClassCount, nameof(groundTruth));
        return groundTruth * _columns;
    }

    private static double Ratio(long numerator, long denominator) =>
        denominator == 0 ? double.NaN : (double)numerator / denominator;

    private static double MeanOfDefined(double[] values)
    {
        double sum = 0;
        var count = 0;
        foreach (var value in values)
        {
            if (!double.IsNaN(value))
            {
                sum += value;
                count++;
            }
        }

        return count == 0 ? double.NaN : sum / count;
    }
}
