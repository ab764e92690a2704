using System.Runtime.CompilerServices;

namespace SeCo.Plugins.Sources.Synthetic.PseudoLabels;

/// <summary>
/// Approximate distance (3-4 chamfer, in pixels) from every pixel to the nearest class border of a
/// label map. Border pixels (a 4-neighbour has another value) have distance 0.
/// </summary>
internal static class BorderDistance
{
    private const int Straight = 3;
    private const int Diagonal = 4;

    /// <summary>Returns the distance of each pixel in thirds of a pixel (divide by 3 for pixels).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int[] Compute(ReadOnlySpan<byte> labels, int width, int height)
    {
        var d = new int[width * height];
        const int far = int.MaxValue / 2;
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var i = y * width + x;
                var v = labels[i];
                var border = (x > 0 && labels[i - 1] != v) || (x < width - 1 && labels[i + 1] != v)
                    || (y > 0 && labels[i - width] != v) || (y < height - 1 && labels[i + width] != v);
                d[i] = border ? 0 : far;
            }
        }

        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var i = y * width + x;
                var best = d[i];
                if (x > 0)
                {
                    best = Math.Min(best, d[i - 1] + Straight);
                }

                if (y > 0)
                {
                    best = Math.Min(best, d[i - width] + Straight);
                    if (x > 0)
                    {
                        best = Math.Min(best, d[i - width - 1] + Diagonal);
                    }

                    if (x < width - 1)
                    {
                        best = Math.Min(best, d[i - width + 1] + Diagonal);
                    }
                }

                d[i] = best;
            }
        }

        for (var y = height - 1; y >= 0; y--)
        {
            for (var x = width - 1; x >= 0; x--)
            {
                var i = y * width + x;
                var best = d[i];
                if (x < width - 1)
                {
                    best = Math.Min(best, d[i + 1] + Straight);
                }

                if (y < height - 1)
                {
                    best = Math.Min(best, d[i + width] + Straight);
                    if (x < width - 1)
                    {
                        best = Math.Min(best, d[i + width + 1] + Diagonal);
                    }

                    if (x > 0)
                    {
                        best = Math.Min(best, d[i + width - 1] + Diagonal);
                    }
                }

                d[i] = best;
            }
        }

        return d;
    }
}
