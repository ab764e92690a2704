using SeCo.Vision.LabelMaps;
using SeCo.Vision.Regions;

namespace SeCo.Plugins.Adapt.UniMatch.Splitting;

/// <summary>
/// The mean SCC classifier score of an image's kept regions. A region counts as kept when most of its pixels carry
/// a class in the corrected label map (SCC paints dropped regions 255), so the rule works for every filter mode.
/// </summary>
public static class KeptRegionScore
{
    /// <summary>The mean <see cref="RegionRecord.Score"/> of the kept regions that have one; 0 when none.</summary>
    /// <param name="regions">The image's SCC region records (COCO RLE, column-major).</param>
    /// <param name="corrected">The corrected label map of the same image.</param>
    /// <param name="source">Names the region file in errors.</param>
    public static double Of(IReadOnlyList<RegionRecord> regions, LabelMap corrected, string source)
    {
        ArgumentNullException.ThrowIfNull(regions);
        ArgumentNullException.ThrowIfNull(corrected);
        var sum = 0.0;
        var count = 0;
        foreach (var region in regions)
        {
            if (region.Score is not { } score)
            {
                continue;
            }

            var rle = region.Segmentation;
            if (rle.Height != corrected.Height || rle.Width != corrected.Width)
            {
                throw new SeCo.Sdk.Errors.SeCoInputException(source,
                    $"Region {region.Id} is {rle.Width}x{rle.Height} but the label map is {corrected.Width}x{corrected.Height}; expected regions of the same labels.");
            }

            if (IsKept(rle.Counts, corrected))
            {
                sum += score;
                count++;
            }
        }

        return count == 0 ? 0 : sum / count;
    }

    private static bool IsKept(ReadOnlySpan<uint> counts, LabelMap corrected)
    {
        // COCO RLE: alternating runs of 0 and 1 over the column-major pixel order, starting with 0.
        long position = 0, inside = 0, labelled = 0;
        var height = corrected.Height;
        var data = corrected.Data;
        for (var run = 0; run < counts.Length; run++)
        {
            var length = counts[run];
            if ((run & 1) == 1)
            {
                for (var k = position; k < position + length; k++)
                {
                    var x = (int)(k / height);
                    var y = (int)(k % height);
                    inside++;
                    if (data[y * corrected.Width + x] != LabelMap.Ignore)
                    {
                        labelled++;
                    }
                }
            }

            position += length;
        }

        return inside > 0 && labelled * 2 > inside;
    }
}
