using System.Buffers;
using SeCo.Vision.Rle;

namespace SeCo.Vision.Regions;

/// <summary>
/// COCO-RLE-encodes every region of a region-index map at once, without building a mask per region.
/// </summary>
/// <remarks>
/// The column-major pixel sequence changes region only where a pixel differs from the one above it (or, at
/// the top of a column, from the bottom of the previous column). Those changes are found row against row
/// (vectorised comparisons over the row-major map), bucketed by column, and replayed in column-major order
/// while each region keeps the end of its last run and its growing counts. The result is identical to
/// <c>pycocotools.mask.encode(np.asfortranarray(region_index == r))</c> for every region <c>r</c>.
/// </remarks>
public static class RegionRleEncoder
{
    /// <summary>Encodes every region of <paramref name="labeling"/>; element <c>r</c> is region <c>r</c>'s RLE.</summary>
    public static CocoRle[] EncodeAll(RegionLabeling labeling)
    {
        ArgumentNullException.ThrowIfNull(labeling);
        return EncodeAll(labeling.RegionIndex, labeling.Width, labeling.Height, labeling.Count);
    }

    /// <summary>
    /// Encodes regions <c>0..regionCount-1</c> of a row-major region-index map (values -1 = no region, or a
    /// region number below <paramref name="regionCount"/>). A region without pixels gets the all-zero encoding.
    /// </summary>
    public static CocoRle[] EncodeAll(ReadOnlySpan<int> regionIndex, int width, int height, int regionCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(width);
        ArgumentOutOfRangeException.ThrowIfNegative(height);
        ArgumentOutOfRangeException.ThrowIfNegative(regionCount);
        if (regionIndex.Length != (long)width * height)
        {
            throw new ArgumentException($"The region-index map holds {regionIndex.Length} pixels; {height}x{width} needs {(long)width * height}.", nameof(regionIndex));
        }

        var builder = new CountsBuilder(regionCount);
        if (regionIndex.Length > 0)
        {
            SweepColumnMajor(regionIndex, width, height, ref builder);
        }

        return builder.Finish(height, width, (uint)regionIndex.Length);
    }

    private static void SweepColumnMajor(ReadOnlySpan<int> map, int width, int height, ref CountsBuilder builder)
    {
        var intPool = ArrayPool<int>.Shared;
        var perColumn = intPool.Rent(width + 1);
        var events = intPool.Rent(Math.Max(16, width * 4));
        var eventCount = 0;
        var sortedRows = Array.Empty<int>();
        var sortedValues = Array.Empty<int>();
        try
        {
            perColumn.AsSpan(0, width + 1).Clear();

            // Changes between vertical neighbours, found in row-major order: event = row-major pixel index.
            for (var y = 1; y < height; y++)
            {
                var above = map.Slice((y - 1) * width, width);
                var row = map.Slice(y * width, width);
                var x = 0;
                while (true)
                {
                    x += above[x..].CommonPrefixLength(row[x..]);
                    if (x >= width)
                    {
                        break;
                    }

                    if (eventCount == events.Length)
                    {
                        var larger = intPool.Rent(events.Length * 2);
                        events.AsSpan(0, eventCount).CopyTo(larger);
                        intPool.Return(events);
                        events = larger;
                    }

                    events[eventCount++] = (y * width) + x;
                    perColumn[x + 1]++;
                    x++;
                }
            }

            // Stable counting sort by column keeps rows ascending within a column: column-major order. The new
            // region is read here, in row-major order, so the column-major replay never touches the map.
            for (var x = 0; x < width; x++)
            {
                perColumn[x + 1] += perColumn[x];
            }

            sortedRows = intPool.Rent(Math.Max(1, eventCount));
            sortedValues = intPool.Rent(Math.Max(1, eventCount));
            var next = perColumn;
            for (var e = 0; e < eventCount; e++)
            {
                var p = events[e];
                var y = p / width;
                var slot = next[p - (y * width)]++;
                sortedRows[slot] = y;
                sortedValues[slot] = map[p];
            }

            // After the scatter next[x] is the end of column x's bucket; column x starts where column x-1 ended.
            var current = -1;
            var bucketStart = 0;
            var bottom = (height - 1) * width;
            for (var x = 0; x < width; x++)
            {
                var columnStart = (uint)x * (uint)height;
                var top = map[x];
                if (top != current)
                {
                    builder.Switch(current, top, columnStart);
                }

                current = top;
                var bucketEnd = next[x];
                for (var b = bucketStart; b < bucketEnd; b++)
                {
                    var value = sortedValues[b];
                    builder.Switch(current, value, columnStart + (uint)sortedRows[b]);
                    current = value;
                }

                bucketStart = bucketEnd;
                current = map[bottom + x];
            }

            builder.Switch(current, -1, (uint)map.Length);
        }
        finally
        {
            intPool.Return(perColumn);
            intPool.Return(events);
            if (sortedRows.Length > 0)
            {
                intPool.Return(sortedRows);
                intPool.Return(sortedValues);
            }
        }
    }

    /// <summary>Per-region run state: where the last run of ones ended, where the open one started, and the counts so far.</summary>
    private struct CountsBuilder
    {
        private readonly uint[][] _counts;
        private readonly int[] _length;
        private readonly uint[] _lastEnd;
        private readonly uint[] _openStart;

        public CountsBuilder(int regionCount)
        {
            _counts = new uint[regionCount][];
            _length = new int[regionCount];
            _lastEnd = new uint[regionCount];
            _openStart = new uint[regionCount];
        }

        /// <summary>At column-major position <paramref name="t"/> the sequence leaves region <paramref name="from"/> and enters <paramref name="to"/>.</summary>
        public readonly void Switch(int from, int to, uint t)
        {
            if (from >= 0)
            {
                Append(from, t - _openStart[from]);
                _lastEnd[from] = t;
            }

            if (to >= 0)
            {
                Append(to, t - _lastEnd[to]);
                _openStart[to] = t;
            }
        }

        public readonly CocoRle[] Finish(int height, int width, uint total)
        {
            var result = new CocoRle[_counts.Length];
            for (var r = 0; r < result.Length; r++)
            {
                // A trailing run of zeros unless the region reaches the last pixel (an empty region is one zero run).
                if (_length[r] == 0 || _lastEnd[r] < total)
                {
                    Append(r, total - _lastEnd[r]);
                }

                var counts = _counts[r];
                if (counts.Length != _length[r])
                {
                    Array.Resize(ref counts, _length[r]);
                }

                result[r] = CocoRle.FromOwnedCounts(height, width, counts);
            }

            return result;
        }

        private readonly void Append(int region, uint value)
        {
            var counts = _counts[region];
            var length = _length[region];
            if (counts is null)
            {
                counts = _counts[region] = new uint[8];
            }
            else if (length == counts.Length)
            {
                Array.Resize(ref counts, length * 2);
                _counts[region] = counts;
            }

            counts[length] = value;
            _length[region] = length + 1;
        }
    }
}
