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

        // stuff_present: the stuff ids of np.unique(label), ascending.
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

            var valid = 0;
            for (var c = 0; c < 256; c++)
            {
                valid += c == IgnoreValue ? 0 : counts[c];
            }

            if (valid == 0)
            {
                continue; // NaN proportions are never above the threshold.
            }

            var best = present[0];
            for (var k = 1; k < present.Count; k++)
            {
                if (counts[present[k]] > counts[best])
                {
                    best = present[k];
                }
            }

            if ((double)counts[best] / valid > threshold)
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
}
