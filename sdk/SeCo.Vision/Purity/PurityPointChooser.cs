using SeCo.Vision.Geometry;

namespace SeCo.Vision.Purity;

/// <summary>
/// SeCo PSA's positive point prompts for a component (spec psa §6.4): the component's pixels in row-major order
/// are cut into chunks at running index <c>q·s</c> (<c>q = N / 2</c>, <c>s = 1, 2</c>) and the lowest-purity pixel
/// of each chunk (the first one on ties) becomes a point. As in the reference, the first chunk holds <c>q + 1</c>
/// pixels and the second exists only for odd <c>N</c>, so even-sized components get one point, odd-sized two.
/// </summary>
public static class PurityPointChooser
{
    /// <summary>Chooses the point prompts of one component.</summary>
    /// <param name="pixels">The component's pixels as row-major indices <c>y · width + x</c>, ascending.</param>
    /// <param name="purity">The purity map (<see cref="SpatialPurity"/>), row-major.</param>
    /// <param name="width">Map width.</param>
    /// <returns>The chosen points as <c>(x, y)</c>, in chunk order.</returns>
    public static List<Point2I> Choose(ReadOnlySpan<int> pixels, ReadOnlySpan<float> purity, int width)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        var points = new List<Point2I>(2);
        var q = pixels.Length / 2;
        var s = 1;
        var best = -1;
        var bestValue = float.PositiveInfinity;
        for (var i = 0; i < pixels.Length; i++)
        {
            var index = pixels[i];
            if (i > 0 && index <= pixels[i - 1])
            {
                throw new ArgumentException("Component pixels must be row-major indices in ascending order.", nameof(pixels));
            }

            // np.argmin: the first minimum wins (strictly smaller replaces).
            var value = purity[index];
            if (best < 0 || value < bestValue)
            {
                best = index;
                bestValue = value;
            }

            if (i == q * s)
            {
                points.Add(new Point2I(best % width, best / width));
                s++;
                best = -1;
                bestValue = float.PositiveInfinity;
            }
        }

        return points;
    }
}
