using System.Numerics;
using System.Runtime.InteropServices;

namespace SeCo.Vision.Purity;

/// <summary>
/// SeCo PSA's spatial purity map (<c>Calculate_purity</c>, spec psa §6.1): the entropy of the class histogram in a
/// <c>(2r+1)²</c> window around every pixel, with ignore (any label ≥ <c>numClasses</c>, e.g. 255) counted as an
/// extra class, windows clipped at the image border, and — as the reference does through its in-place label
/// mutation — every ignore pixel set to the map's maximum.
/// </summary>
/// <remarks>
/// The window histograms come from running sums: per column a vertical histogram of the window rows (updated by
/// one added and one removed row per output row), summed horizontally by a sliding window of column histograms
/// (vectorised over classes). Each output pixel then costs one table lookup per class:
/// <c>−d·ln(d + 1e-6)</c> with <c>d = count / n</c> is tabulated in float32 for every window size <c>n</c>, and the
/// terms are added in class order <c>0..numClasses</c> as the reference's float32 sum does.
/// </remarks>
public static class SpatialPurity
{
    /// <summary>The window radius SeCo PSA uses (a 17×17 window).</summary>
    public const int DefaultRadius = 8;

    /// <summary>Computes the purity map of <paramref name="labels"/>.</summary>
    /// <param name="labels">Row-major label map; values ≥ <paramref name="numClasses"/> are ignore.</param>
    /// <param name="width">Map width.</param>
    /// <param name="height">Map height.</param>
    /// <param name="numClasses">Number of real classes (19 or 16 in SeCo); ignore becomes channel <c>numClasses</c>.</param>
    /// <param name="radius">Window radius <c>r</c>.</param>
    /// <returns>The purity map, row-major, <c>width × height</c>.</returns>
    public static float[] Compute(ReadOnlySpan<byte> labels, int width, int height, int numClasses, int radius = DefaultRadius)
    {
        var purity = new float[checked(width * height)];
        Compute(labels, width, height, numClasses, radius, purity);
        return purity;
    }

    /// <summary>Computes the purity map of <paramref name="labels"/> into <paramref name="purity"/>.</summary>
    public static void Compute(ReadOnlySpan<byte> labels, int width, int height, int numClasses, int radius, Span<float> purity)
    {
        Validate(labels, width, height, numClasses, radius);
        if (purity.Length < width * height)
        {
            throw new ArgumentException($"The output holds {purity.Length} values; {width}x{height} needs {width * height}.", nameof(purity));
        }

        Run(labels, width, height, numClasses, radius, purity, counts: default);
    }

    /// <summary>
    /// The window histograms the map is computed from (the reference's <c>SpatialPurity</c> convolution output):
    /// <c>[numClasses + 1, height, width]</c>, channel-major, counts as float32.
    /// </summary>
    public static float[] WindowCounts(ReadOnlySpan<byte> labels, int width, int height, int numClasses, int radius = DefaultRadius)
    {
        Validate(labels, width, height, numClasses, radius);
        var counts = new float[checked((numClasses + 1) * width * height)];
        var purity = new float[width * height];
        Run(labels, width, height, numClasses, radius, purity, counts);
        return counts;
    }

    private static void Validate(ReadOnlySpan<byte> labels, int width, int height, int numClasses, int radius)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(numClasses);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(numClasses, 255);
        ArgumentOutOfRangeException.ThrowIfNegative(radius);
        if (labels.Length < width * height)
        {
            throw new ArgumentException($"The label map holds {labels.Length} values; {width}x{height} needs {width * height}.", nameof(labels));
        }
    }

    private static void Run(ReadOnlySpan<byte> labels, int width, int height, int numClasses, int radius, Span<float> purity, Span<float> counts)
    {
        var channels = numClasses + 1;
        var lanes = Vector<int>.Count;
        var stride = (channels + lanes - 1) / lanes * lanes;

        // Channel of every pixel (ignore → numClasses), so the hot loops do no clamping.
        var classes = new byte[width * height];
        for (var i = 0; i < classes.Length; i++)
        {
            var value = labels[i];
            classes[i] = value >= numClasses ? (byte)numClasses : value;
        }

        var columns = new int[width * stride];     // per column: histogram of the window's rows
        var vectors = stride / lanes;
        Span<Vector<int>> window = stackalloc Vector<int>[vectors]; // histogram of the current window
        var windowCounts = MemoryMarshal.Cast<Vector<int>, int>(window);
        ref var columnsRef = ref MemoryMarshal.GetArrayDataReference(columns);
        var table = new EntropyTable(radius);
        var plane = width * height;
        int top = 0, bottom = -1;                  // rows currently in the column histograms

        for (var y = 0; y < height; y++)
        {
            var newTop = Math.Max(y - radius, 0);
            var newBottom = Math.Min(y + radius, height - 1);
            while (bottom < newBottom)
            {
                bottom++;
                AddRow(classes.AsSpan(bottom * width, width), columns, stride, +1);
            }

            while (top < newTop)
            {
                AddRow(classes.AsSpan(top * width, width), columns, stride, -1);
                top++;
            }

            var rowsInWindow = bottom - top + 1;
            window.Clear();
            var right = Math.Min(radius, width - 1);
            for (var x = 0; x <= right; x++)
            {
                for (var v = 0; v < vectors; v++)
                {
                    window[v] += Vector.LoadUnsafe(ref columnsRef, (nuint)((x * stride) + (v * lanes)));
                }
            }

            var left = 0;
            var row = purity.Slice(y * width, width);
            var cachedN = -1;
            float[] terms = [];
            for (var x = 0; x < width; x++)
            {
                var newLeft = Math.Max(x - radius, 0);
                var newRight = Math.Min(x + radius, width - 1);
                while (right < newRight)
                {
                    right++;
                    for (var v = 0; v < vectors; v++)
                    {
                        window[v] += Vector.LoadUnsafe(ref columnsRef, (nuint)((right * stride) + (v * lanes)));
                    }
                }

                while (left < newLeft)
                {
                    for (var v = 0; v < vectors; v++)
                    {
                        window[v] -= Vector.LoadUnsafe(ref columnsRef, (nuint)((left * stride) + (v * lanes)));
                    }

                    left++;
                }

                var n = rowsInWindow * (right - left + 1);
                if (n != cachedN)
                {
                    terms = table.Row(n);
                    cachedN = n;
                }

                // Class order 0..numClasses, as the reference's float32 channel sum.
                var sum = 0f;
                for (var c = 0; c < channels; c++)
                {
                    sum += terms[windowCounts[c]];
                }

                row[x] = sum;
                if (!counts.IsEmpty)
                {
                    var at = (y * width) + x;
                    for (var c = 0; c < channels; c++)
                    {
                        counts[(c * plane) + at] = windowCounts[c];
                    }
                }
            }
        }

        // The reference's in-place label mutation makes every ignore pixel take the map's maximum.
        var max = float.NegativeInfinity;
        var count = width * height;
        for (var i = 0; i < count; i++)
        {
            max = Math.Max(max, purity[i]);
        }

        for (var i = 0; i < count; i++)
        {
            if (classes[i] == numClasses)
            {
                purity[i] = max;
            }
        }
    }

    private static void AddRow(ReadOnlySpan<byte> rowClasses, int[] columns, int stride, int delta)
    {
        for (var x = 0; x < rowClasses.Length; x++)
        {
            columns[(x * stride) + rowClasses[x]] += delta;
        }
    }

    /// <summary>Float32 entropy terms <c>−d·ln(d + 1e-6)</c>, <c>d = k / n</c>, per window size <c>n</c>, built on first use.</summary>
    private sealed class EntropyTable(int radius)
    {
        private readonly int _maxN = (2 * radius + 1) * (2 * radius + 1);
        private readonly float[]?[] _rows = new float[]?[((2 * radius) + 1) * ((2 * radius) + 1) + 1];

        public float[] Row(int n)
        {
            var row = _rows[n];
            if (row is null)
            {
                row = new float[_maxN + 1];
                var fn = (float)n;
                for (var k = 0; k <= n; k++)
                {
                    var d = k / fn;
                    row[k] = -d * MathF.Log(d + 1e-6f);
                }

                _rows[n] = row;
            }

            return row;
        }
    }
}
