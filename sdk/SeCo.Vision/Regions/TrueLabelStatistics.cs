using System.Buffers;

namespace SeCo.Vision.Regions;

/// <summary>
/// Computes every region's <see cref="TrueLabel"/> from a ground-truth map in one pass over the pixels, as
/// SeCo's <c>gen_ins_mask</c> does per region with <c>np.bincount(gt[mask])</c>: the majority value (255
/// included, ties to the smallest), <c>purity = round(max / sum * 100, 2)</c> with numpy's rounding (scale by
/// 100, round half to even, unscale), and <c>positive = (id == category)</c>.
/// </summary>
/// <remarks>
/// With few regions a dense regions x 256 histogram is filled in one sweep; when that table would outgrow the
/// image (more than <c>pixels / 256</c> regions) the ground-truth bytes are gathered region by region instead,
/// so memory stays proportional to the image either way.
/// </remarks>
public static class TrueLabelStatistics
{
    private const int Bins = 256;

    /// <summary>The true labels of every region; <paramref name="groundTruth"/> is row-major and the labelling's size.</summary>
    public static TrueLabel[] Compute(RegionLabeling labeling, ReadOnlySpan<byte> groundTruth)
    {
        ArgumentNullException.ThrowIfNull(labeling);
        var dense = (long)labeling.Count * Bins <= Math.Max(labeling.RegionIndex.Length, 1 << 16);
        return Compute(labeling, groundTruth, dense);
    }

    /// <summary>Chooses the strategy explicitly (tests cover both).</summary>
    internal static TrueLabel[] Compute(RegionLabeling labeling, ReadOnlySpan<byte> groundTruth, bool dense)
    {
        ArgumentNullException.ThrowIfNull(labeling);
        if (groundTruth.Length != labeling.RegionIndex.Length)
        {
            throw new ArgumentException($"The ground truth holds {groundTruth.Length} pixels; the labelling has {labeling.RegionIndex.Length}.", nameof(groundTruth));
        }

        return dense ? ComputeDense(labeling, groundTruth) : ComputeGathered(labeling, groundTruth);
    }

    private static TrueLabel[] ComputeDense(RegionLabeling labeling, ReadOnlySpan<byte> groundTruth)
    {
        var regions = labeling.Regions;
        var index = labeling.RegionIndex;
        var histogram = ArrayPool<int>.Shared.Rent(Math.Max(1, regions.Length * Bins));
        try
        {
            histogram.AsSpan(0, regions.Length * Bins).Clear();

            // Count runs of equal (region, value) pairs: one histogram update per run instead of per pixel.
            var runRegion = -1;
            var runValue = 0;
            var runLength = 0;
            for (var p = 0; p < index.Length; p++)
            {
                var r = index[p];
                int value = groundTruth[p];
                if (r == runRegion && value == runValue)
                {
                    runLength++;
                    continue;
                }

                if (runRegion >= 0)
                {
                    histogram[(runRegion * Bins) + runValue] += runLength;
                }

                runRegion = r;
                runValue = value;
                runLength = 1;
            }

            if (runRegion >= 0)
            {
                histogram[(runRegion * Bins) + runValue] += runLength;
            }

            var result = new TrueLabel[regions.Length];
            for (var r = 0; r < regions.Length; r++)
            {
                result[r] = FromHistogram(histogram.AsSpan(r * Bins, Bins), regions[r].Class);
            }

            return result;
        }
        finally
        {
            ArrayPool<int>.Shared.Return(histogram);
        }
    }

    private static TrueLabel[] ComputeGathered(RegionLabeling labeling, ReadOnlySpan<byte> groundTruth)
    {
        var regions = labeling.Regions;
        var index = labeling.RegionIndex;
        var next = ArrayPool<int>.Shared.Rent(regions.Length + 1);
        var gathered = ArrayPool<byte>.Shared.Rent(Math.Max(1, index.Length));
        try
        {
            var offset = 0;
            for (var r = 0; r < regions.Length; r++)
            {
                next[r] = offset;
                offset += regions[r].Area;
            }

            for (var p = 0; p < index.Length; p++)
            {
                var r = index[p];
                if (r >= 0)
                {
                    gathered[next[r]++] = groundTruth[p];
                }
            }

            Span<int> histogram = stackalloc int[Bins];
            var result = new TrueLabel[regions.Length];
            var start = 0;
            for (var r = 0; r < regions.Length; r++)
            {
                histogram.Clear();
                foreach (var value in gathered.AsSpan(start, regions[r].Area))
                {
                    histogram[value]++;
                }

                result[r] = FromHistogram(histogram, regions[r].Class);
                start += regions[r].Area;
            }

            return result;
        }
        finally
        {
            ArrayPool<int>.Shared.Return(next);
            ArrayPool<byte>.Shared.Return(gathered);
        }
    }

    private static TrueLabel FromHistogram(ReadOnlySpan<int> histogram, int category)
    {
        var best = 0;
        long sum = 0;
        for (var v = 0; v < histogram.Length; v++)
        {
            sum += histogram[v];
            if (histogram[v] > histogram[best])
            {
                best = v;
            }
        }

        return new TrueLabel(best, Purity(histogram[best], sum), best == category);
    }

    /// <summary><c>round(max / sum * 100, 2)</c> on numpy float64: true division, times 100, then <c>rint(x * 100) / 100</c>.</summary>
    internal static double Purity(long max, long sum)
    {
        if (sum == 0)
        {
            return double.NaN;
        }

        var percent = (double)max / sum * 100.0;
        return Math.Round(percent * 100.0, MidpointRounding.ToEven) / 100.0;
    }
}
