namespace SeCo.Plugins.Adapt.UniMatch.Evaluation;

/// <summary>
/// UniMatch <c>util/utils.intersectionAndUnion</c>: per-class intersection, union and target areas of one
/// prediction against its ground truth, with the reference's histogram rules.
/// </summary>
/// <remarks>
/// Prediction pixels where the ground truth is the ignore index are ignored. Areas are histograms over the bins
/// <c>[0,1), …, [K−2, K−1), [K−1, K]</c> (<c>np.histogram(bins=arange(K+1))</c>): the last bin is closed, so a
/// value equal to <c>K</c> counts as class <c>K−1</c>; values outside <c>[0, K]</c> (255) are not counted.
/// </remarks>
public static class IntersectionAndUnion
{
    /// <summary>Adds one image's areas to <paramref name="intersection"/>, <paramref name="union"/> and <paramref name="target"/>.</summary>
    /// <param name="prediction">Predicted class per pixel.</param>
    /// <param name="groundTruth">Ground-truth class per pixel (same length).</param>
    /// <param name="classCount">K, the number of classes.</param>
    /// <param name="intersection">Per-class intersection areas (length K), added to.</param>
    /// <param name="union">Per-class union areas (length K), added to.</param>
    /// <param name="target">Per-class ground-truth areas (length K), added to.</param>
    /// <param name="ignoreIndex">The ignore value of the ground truth.</param>
    public static void Accumulate(ReadOnlySpan<long> prediction, ReadOnlySpan<byte> groundTruth, int classCount,
        Span<long> intersection, Span<long> union, Span<long> target, int ignoreIndex = 255)
    {
        if (prediction.Length != groundTruth.Length)
        {
            throw new ArgumentException($"Prediction has {prediction.Length} pixels, ground truth {groundTruth.Length}.", nameof(prediction));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 1);
        CheckLength(intersection, classCount, nameof(intersection));
        CheckLength(union, classCount, nameof(union));
        CheckLength(target, classCount, nameof(target));
        Span<long> areaPrediction = classCount <= 256 ? stackalloc long[classCount] : new long[classCount];
        Span<long> areaIntersection = classCount <= 256 ? stackalloc long[classCount] : new long[classCount];
        Span<long> areaTarget = classCount <= 256 ? stackalloc long[classCount] : new long[classCount];
        for (var i = 0; i < prediction.Length; i++)
        {
            int gt = groundTruth[i];
            var gtBin = Bin(gt, classCount);
            if (gt == ignoreIndex)
            {
                // pred is set to the ignore value there; the ignore value itself may fall in a bin only if < K.
                var ignoredBin = Bin(ignoreIndex, classCount);
                if (ignoredBin >= 0)
                {
                    areaPrediction[ignoredBin]++;
                    areaIntersection[ignoredBin]++;
                }
            }
            else
            {
                var p = prediction[i];
                var predBin = p is < 0 or > int.MaxValue ? -1 : Bin((int)p, classCount);
                if (predBin >= 0)
                {
                    areaPrediction[predBin]++;
                    if (p == gt)
                    {
                        areaIntersection[predBin]++;
                    }
                }
            }

            if (gtBin >= 0)
            {
                areaTarget[gtBin]++;
            }
        }

        for (var c = 0; c < classCount; c++)
        {
            intersection[c] += areaIntersection[c];
            union[c] += areaPrediction[c] + areaTarget[c] - areaIntersection[c];
            target[c] += areaTarget[c];
        }
    }

    /// <summary>The overload for 8-bit predictions (label-map PNGs).</summary>
    public static void Accumulate(ReadOnlySpan<byte> prediction, ReadOnlySpan<byte> groundTruth, int classCount,
        Span<long> intersection, Span<long> union, Span<long> target, int ignoreIndex = 255)
    {
        var widened = new long[prediction.Length];
        for (var i = 0; i < prediction.Length; i++)
        {
            widened[i] = prediction[i];
        }

        Accumulate(widened, groundTruth, classCount, intersection, union, target, ignoreIndex);
    }

    private static int Bin(int value, int classCount) =>
        value < 0 || value > classCount ? -1 : Math.Min(value, classCount - 1);

    private static void CheckLength(Span<long> span, int classCount, string name)
    {
        if (span.Length != classCount)
        {
            throw new ArgumentException($"Expected {classCount} entries, got {span.Length}.", name);
        }
    }
}
