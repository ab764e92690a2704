namespace Sources.Synthetic.Tests;

/// <summary>
/// Pseudo-label quality against ground truth, accumulated over images: a 19-class confusion matrix
/// over pixels labelled in both maps, per-class IoU, mIoU over classes present in either, and
/// coverage (share of pixels the pseudo-label does not ignore).
/// </summary>
internal sealed class LabelAgreement
{
    private const int Classes = 19;
    private readonly long[,] _confusion = new long[Classes, Classes];
    private long _pixels;
    private long _covered;

    public void Add(ReadOnlySpan<byte> truth, ReadOnlySpan<byte> predicted)
    {
        for (var i = 0; i < truth.Length; i++)
        {
            _pixels++;
            var p = predicted[i];
            if (p == 255)
            {
                continue;
            }

            _covered++;
            var t = truth[i];
            if (t < Classes && p < Classes)
            {
                _confusion[t, p]++;
            }
        }
    }

    public double Coverage => _pixels == 0 ? 0 : (double)_covered / _pixels;

    public double PixelAccuracy
    {
        get
        {
            long correct = 0, total = 0;
            for (var t = 0; t < Classes; t++)
            {
                for (var p = 0; p < Classes; p++)
                {
                    total += _confusion[t, p];
                    if (t == p)
                    {
                        correct += _confusion[t, p];
                    }
                }
            }

            return total == 0 ? 0 : (double)correct / total;
        }
    }

    /// <summary>IoU per class, NaN for a class absent from both maps.</summary>
    public double[] ClassIoU()
    {
        var iou = new double[Classes];
        for (var c = 0; c < Classes; c++)
        {
            long truthCount = 0, predictedCount = 0;
            for (var k = 0; k < Classes; k++)
            {
                truthCount += _confusion[c, k];
                predictedCount += _confusion[k, c];
            }

            var union = truthCount + predictedCount - _confusion[c, c];
            iou[c] = union == 0 ? double.NaN : (double)_confusion[c, c] / union;
        }

        return iou;
    }

    public double MeanIoU
    {
        get
        {
            double sum = 0;
            var n = 0;
            foreach (var v in ClassIoU())
            {
                if (!double.IsNaN(v))
                {
                    sum += v;
                    n++;
                }
            }

            return n == 0 ? 0 : sum / n;
        }
    }
}
