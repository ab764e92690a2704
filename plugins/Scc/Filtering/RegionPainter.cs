using SeCo.Vision.LabelMaps;
using SeCo.Vision.Regions;

namespace SeCo.Plugins.Scc.Filtering;

/// <summary>
/// Paints corrected regions into a label map like <c>vis_json</c>: start from 255, paint each kept region's
/// <c>category_id</c> in record order (later records overwrite). An image without regions gives an all-255 map.
/// </summary>
public static class RegionPainter
{
    /// <summary>Paints the kept regions of <paramref name="records"/> into a <paramref name="width"/> x <paramref name="height"/> map.</summary>
    public static LabelMap Paint(IReadOnlyList<RegionRecord> records, FilterMode mode, int width, int height) =>
        PaintWith(records, width, height, r => RegionFilter.Keeps(r, mode) ? r.CategoryId : -1);

    /// <summary>Paints every region with its ground-truth id (<c>vis_trues</c>); regions without one stay 255.</summary>
    public static LabelMap PaintTrueLabels(IReadOnlyList<RegionRecord> records, int width, int height) =>
        PaintWith(records, width, height, r => r.TrueLabel?.Id ?? -1);

    private static LabelMap PaintWith(IReadOnlyList<RegionRecord> records, int width, int height, Func<RegionRecord, int> valueOf)
    {
        ArgumentNullException.ThrowIfNull(records);
        var map = new LabelMap(width, height);
        var data = map.Data;
        Array.Fill(data, LabelMap.Ignore);
        foreach (var record in records)
        {
            var value = valueOf(record);
            if (value < 0)
            {
                continue;
            }

            if (record.Segmentation.Width != width || record.Segmentation.Height != height)
            {
                throw new ArgumentException(
                    $"Region {record.Id} is {record.Segmentation.Width}x{record.Segmentation.Height}; expected {width}x{height} like the image.", nameof(records));
            }

            // Walk the column-major runs directly: O(region area) instead of decoding a full mask.
            var label = (byte)value;
            var counts = record.Segmentation.Counts;
            long position = 0;
            var total = (long)width * height;
            for (var c = 0; c < counts.Length; c++)
            {
                var end = Math.Min(position + counts[c], total);
                if ((c & 1) == 1)
                {
                    for (var t = position; t < end; t++)
                    {
                        data[(t % height) * width + (t / height)] = label;
                    }
                }

                position = end;
            }
        }

        return map;
    }
}
