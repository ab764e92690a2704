using SeCo.Vision.Segmentation;

namespace SeCo.Plugins.Psa.Aggregation;

/// <summary>
/// SeCo PSA's semantic alignment of stuff classes with region proposals (spec psa §5): each mask, in order, is
/// painted with the stuff class holding the largest share (first on ties) of its labelled pixels when that share
/// is above the threshold; later masks overwrite earlier ones. One histogram pass per mask.
/// </summary>
public static class StuffVote
{
    /// <summary>The label value that marks ignored pixels.</summary>
    public const byte IgnoreValue = 255;

    /// <summary>Paints the accepted masks into <paramref name="final"/>.</summary>
    /// <param name="labels">The pixel pseudo-label, row-major.</param>
    /// <param name="masks">Binary masks (non-zero = inside), row-major, same size, in proposal order.</param>
    /// <param name="stuffIds">The stuff classes; only those present in <paramref name="labels"/> vote.</param>
    /// <param name="threshold">Minimum share (strict).</param>
    /// <param name="final">The output map, painted in place.</param>
    /// <returns>The number of masks painted.</returns>
    public static int Apply(ReadOnlySpan<byte> labels, IReadOnlyList<byte[]> masks, IReadOnlyList<int> stuffIds, double threshold, Span<byte> final)
    {
        ArgumentNullException.ThrowIfNull(masks);
        ArgumentNullException.ThrowIfNull(stuffIds);
        if (final.Length != labels.Length)
        {
            throw new ArgumentException($"The output holds {final.Length} pixels; the label map {labels.Length}.", nameof(final));
        }

        var present = PresentStuff(labels, stuffIds);
        if (present.Count == 0)
        {
            // The reference's argmax of an empty array raises inside try/except: nothing is painted.
            return 0;
        }

        Span<int> counts = stackalloc int[256];
        var painted = 0;
        foreach (var mask in masks)
        {
            if (mask.Length != labels.Length)
            {
                throw new ArgumentException($"A mask holds {mask.Length} pixels; the label map {labels.Length}.", nameof(masks));
            }

            counts.Clear();
            for (var i = 0; i < mask.Length; i++)
            {
                if (mask[i] != 0)
                {
                    counts[labels[i]]++;
                }
            }

            var best = Decide(counts, present, threshold);
            if (best >= 0)
            {
                var value = (byte)best;
                for (var i = 0; i < mask.Length; i++)
                {
                    if (mask[i] != 0)
                    {
                        final[i] = value;
                    }
                }

                painted++;
            }
        }

        return painted;
    }

    /// <summary>
    /// The vote over a partition (every pixel in exactly one segment, e.g. <see cref="SegmentMap"/>): the same rule
    /// as <see cref="Apply"/> with one histogram pass over the whole image. Segments do not overlap, so their order
    /// does not matter.
    /// </summary>
    /// <param name="labels">The pixel pseudo-label, row-major.</param>
    /// <param name="segments">The partition, same size.</param>
    /// <param name="stuffIds">The stuff classes; only those present in <paramref name="labels"/> vote.</param>
    /// <param name="threshold">Minimum share (strict).</param>
    /// <param name="final">The output map, painted in place.</param>
    /// <returns>The number of segments painted.</returns>
    public static int ApplyPartition(ReadOnlySpan<byte> labels, SegmentMap segments, IReadOnlyList<int> stuffIds, double threshold, Span<byte> final)
    {
        ArgumentNullException.ThrowIfNull(segments);
        ArgumentNullException.ThrowIfNull(stuffIds);
        if (final.Length != labels.Length || segments.Labels.Length != labels.Length)
        {
            throw new ArgumentException($"The label map holds {labels.Length} pixels, the partition {segments.Labels.Length}, the output {final.Length}.", nameof(segments));
        }

        var present = PresentStuff(labels, stuffIds);
        if (present.Count == 0)
        {
            return 0;
        }

        var histogram = SegmentHistogram(labels, segments);
        var decision = new int[segments.Count];
        var painted = 0;
        for (var s = 0; s < segments.Count; s++)
        {
            decision[s] = Decide(histogram.AsSpan(s * 256, 256), present, threshold);
            painted += decision[s] >= 0 ? 1 : 0;
        }

        var segmentOf = segments.Labels;
        for (var i = 0; i < final.Length; i++)
        {
            var value = decision[segmentOf[i]];
            if (value >= 0)
            {
                final[i] = (byte)value;
            }
        }

        return painted;
    }

    /// <summary>Per segment, the count of every label value: <c>histogram[segment · 256 + value]</c>.</summary>
    public static int[] SegmentHistogram(ReadOnlySpan<byte> labels, SegmentMap segments)
    {
        ArgumentNullException.ThrowIfNull(segments);
        var histogram = new int[segments.Count * 256];
        var segmentOf = segments.Labels;
        for (var i = 0; i < labels.Length; i++)
        {
            histogram[(segmentOf[i] * 256) + labels[i]]++;
        }

        return histogram;
    }

    /// <summary>stuff_present: the stuff ids of np.unique(label), ascending.</summary>
    private static List<int> PresentStuff(ReadOnlySpan<byte> labels, IReadOnlyList<int> stuffIds)
    {
        Span<int> imageCounts = stackalloc int[256];
        foreach (var value in labels)
        {
            imageCounts[value]++;
        }

        var present = new List<int>(stuffIds.Count);
        foreach (var id in stuffIds.Order())
        {
            if ((uint)id < 256 && id != IgnoreValue && imageCounts[id] > 0 && !present.Contains(id))
            {
                present.Add(id);
            }
        }

        return present;
    }

    /// <summary>The winning stuff class of one region's label histogram, or −1 when none is above the threshold.</summary>
    private static int Decide(ReadOnlySpan<int> counts, List<int> present, double threshold)
    {
        var valid = 0;
        for (var c = 0; c < 256; c++)
        {
            valid += c == IgnoreValue ? 0 : counts[c];
        }

        if (valid == 0)
        {
            return -1; // NaN proportions are never above the threshold.
        }

        var best = present[0];
        for (var k = 1; k < present.Count; k++)
        {
            if (counts[present[k]] > counts[best])
            {
                best = present[k];
            }
        }

        return (double)counts[best] / valid > threshold ? best : -1;
    }
}
