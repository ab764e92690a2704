using SeCo.Vision.LabelMaps;
using SeCo.Vision.Regions;

namespace SeCo.Plugins.HtmlReport;

/// <summary>
/// The outlines of one image's regions at panel size, each marked kept or dropped. A region counts as kept when
/// most of its pixels are labelled (not 255) in the label map its stage wrote: a correction stage paints kept
/// regions and leaves dropped ones unlabelled, so the decision is read from the stage's own result.
/// </summary>
internal sealed class RegionOutlines
{
    /// <summary>Panel pixel states.</summary>
    public const byte None = 0;

    /// <summary>The outline of a kept region.</summary>
    public const byte Kept = 1;

    /// <summary>The outline of a dropped region.</summary>
    public const byte Dropped = 2;

    /// <summary>The outline of a region whose stage wrote no label map to decide by.</summary>
    public const byte Undecided = 3;

    private RegionOutlines(int width, int height, byte[] pixels, int keptCount, int droppedCount, int regionCount)
    {
        Width = width;
        Height = height;
        Pixels = pixels;
        KeptCount = keptCount;
        DroppedCount = droppedCount;
        RegionCount = regionCount;
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>One state per panel pixel, row-major.</summary>
    public byte[] Pixels { get; }

    public int KeptCount { get; }

    public int DroppedCount { get; }

    public int RegionCount { get; }

    /// <summary>Builds the outlines of <paramref name="records"/> at <paramref name="width"/> x <paramref name="height"/>.</summary>
    /// <param name="records">The image's region records (COCO RLE at the image's full size).</param>
    /// <param name="stageLabels">The label map the regions' stage wrote, or null.</param>
    /// <param name="width">The panel width.</param>
    /// <param name="height">The panel height.</param>
    public static RegionOutlines Build(IReadOnlyList<RegionRecord> records, LabelMap? stageLabels, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(records);
        var pixels = new byte[width * height];
        if (records.Count == 0)
        {
            return new RegionOutlines(width, height, pixels, 0, 0, 0);
        }

        var fullWidth = records[0].Segmentation.Width;
        var fullHeight = records[0].Segmentation.Height;
        var labels = stageLabels is null ? null
            : stageLabels.Width == fullWidth && stageLabels.Height == fullHeight ? stageLabels
            : LabelMapResize.Nearest(stageLabels, fullWidth, fullHeight);

        // Region index per full-size pixel (-1: none), written by walking the column-major runs: O(region area).
        var index = new int[fullWidth * fullHeight];
        Array.Fill(index, -1);
        var labelled = new long[records.Count];
        var total = (long)fullWidth * fullHeight;
        for (var r = 0; r < records.Count; r++)
        {
            var rle = records[r].Segmentation;
            if (rle.Width != fullWidth || rle.Height != fullHeight)
            {
                continue;
            }

            var counts = rle.Counts;
            long position = 0;
            for (var c = 0; c < counts.Length; c++)
            {
                var end = Math.Min(position + counts[c], total);
                if ((c & 1) == 1)
                {
                    for (var t = position; t < end; t++)
                    {
                        var offset = (int)((t % fullHeight) * fullWidth + (t / fullHeight));
                        index[offset] = r;
                        if (labels is not null && labels.Data[offset] != LabelMap.Ignore)
                        {
                            labelled[r]++;
                        }
                    }
                }

                position = end;
            }
        }

        var states = new byte[records.Count];
        int kept = 0, dropped = 0;
        for (var r = 0; r < records.Count; r++)
        {
            if (labels is null)
            {
                states[r] = Undecided;
            }
            else if (labelled[r] * 2 > records[r].Segmentation.Area)
            {
                states[r] = Kept;
                kept++;
            }
            else
            {
                states[r] = Dropped;
                dropped++;
            }
        }

        // Nearest-neighbour region index at panel size, then a pixel is outline when a 4-neighbour belongs elsewhere.
        var small = new int[width * height];
        for (var y = 0; y < height; y++)
        {
            var sourceRow = (int)((long)y * fullHeight / height) * fullWidth;
            for (var x = 0; x < width; x++)
            {
                small[y * width + x] = index[sourceRow + (int)((long)x * fullWidth / width)];
            }
        }

        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var region = small[y * width + x];
                if (region < 0)
                {
                    continue;
                }

                var edge = (x > 0 && small[y * width + x - 1] != region) || (x + 1 < width && small[y * width + x + 1] != region)
                    || (y > 0 && small[(y - 1) * width + x] != region) || (y + 1 < height && small[(y + 1) * width + x] != region);
                if (edge)
                {
                    pixels[y * width + x] = states[region];
                }
            }
        }

        return new RegionOutlines(width, height, pixels, kept, dropped, records.Count);
    }
}
