namespace SeCo.Vision.Thresholds;

/// <summary>Computes class thresholds from <see cref="ConfidencePools"/> (CBST <c>solve_ST.py</c> and DT-ST variants).</summary>
public static class ThresholdSolver
{
    /// <summary>Computes the thresholds for <paramref name="mode"/> and <paramref name="portion"/>.</summary>
    /// <param name="pools">The collected confidences.</param>
    /// <param name="mode">The mode.</param>
    /// <param name="portion">The share of pixels to keep, in [0, 1].</param>
    public static ClassThresholds Solve(ConfidencePools pools, ThresholdMode mode, double portion)
    {
        ArgumentNullException.ThrowIfNull(pools);
        if (!(portion >= 0 && portion <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(portion), portion, "The portion must be in [0, 1].");
        }

        var classes = pools.Classes;
        var raw = new float[classes];
        var sizes = new long[classes];
        var predicted = new long[classes];
        for (var c = 0; c < classes; c++)
        {
            predicted[c] = pools.PredictedPixels(c);
            // CBST: each class list starts with an extra 0.0; it only counts for classes that were predicted.
            sizes[c] = pools.Samples(c).Count == 0 ? 0 : pools.Samples(c).Count + (mode == ThresholdMode.ClassTopPortion ? 0 : 1);
        }

        switch (mode)
        {
            case ThresholdMode.ClassBalanced:
                for (var c = 0; c < classes; c++)
                {
                    if (sizes[c] > 0)
                    {
                        raw[c] = KthLargestWithLeadingZero(pools.Samples(c), (long)Math.Floor(sizes[c] * portion));
                    }
                }

                break;
            case ThresholdMode.GlobalConfidence:
                Array.Fill(raw, GlobalThreshold(pools, portion));
                break;
            case ThresholdMode.ClassTopPortion:
                for (var c = 0; c < classes; c++)
                {
                    if (sizes[c] > 0)
                    {
                        raw[c] = TopPortionThreshold(pools.Samples(c), portion);
                    }
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown threshold mode.");
        }

        return new ClassThresholds(mode, portion, raw, sizes, predicted);
    }

    /// <summary>The size of CBST's global pool: the initial 0, every class list's leading 0, and all samples.</summary>
    public static long GlobalPoolSize(ConfidencePools pools)
    {
        ArgumentNullException.ThrowIfNull(pools);
        long size = 1 + pools.Classes;
        for (var c = 0; c < pools.Classes; c++)
        {
            size += pools.Samples(c).Count;
        }

        return size;
    }

    private static float GlobalThreshold(ConfidencePools pools, double portion)
    {
        var size = GlobalPoolSize(pools);
        var all = new float[size - 1 - pools.Classes];
        var offset = 0;
        for (var c = 0; c < pools.Classes; c++)
        {
            var samples = pools.Samples(c);
            for (var i = 0; i < samples.Count; i++)
            {
                all[offset++] = samples[i];
            }
        }

        return KthLargest(all, (long)Math.Floor(size * portion), zeros: 1 + pools.Classes);
    }

    /// <summary>The k-th largest of the samples plus one 0 (CBST's artefact); 0 when k is 0.</summary>
    private static float KthLargestWithLeadingZero(IReadOnlyList<float> samples, long k) =>
        KthLargest([.. samples], k, zeros: 1);

    /// <summary>The k-th largest of <paramref name="values"/> plus <paramref name="zeros"/> extra zeros; 0 when k is 0.</summary>
    private static float KthLargest(float[] values, long k, int zeros)
    {
        if (k == 0)
        {
            return 0f;
        }

        if (k > values.Length)
        {
            // The k-th largest is one of the extra zeros (confidences are never negative).
            return 0f;
        }

        Array.Sort(values);
        return values[values.Length - k];
    }

    /// <summary>Ascending sort, <c>x[round(n · (1 − portion))]</c> with round half to even, clamped to the last sample.</summary>
    private static float TopPortionThreshold(IReadOnlyList<float> samples, double portion)
    {
        var sorted = samples.ToArray();
        Array.Sort(sorted);
        var index = (long)Math.Round(sorted.Length * (1.0 - portion), MidpointRounding.ToEven);
        return sorted[Math.Min(index, sorted.Length - 1)];
    }
}
