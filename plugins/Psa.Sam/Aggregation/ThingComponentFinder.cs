using SeCo.Vision.Geometry;
using SeCo.Vision.Purity;
using SeCo.Vision.Regions;

namespace SeCo.Plugins.Psa.Aggregation;

/// <summary>
/// The thing components of a pseudo-label and their prompts (spec psa §6.1–§6.4): per thing class present
/// (ascending) with more than the minimum pixels overall, the 8-connected components in scikit-image order with
/// at least the minimum pixels, each with its box geometry and purity points.
/// </summary>
public static class ThingComponentFinder
{
    /// <summary>Finds the components of <paramref name="labels"/>.</summary>
    /// <param name="labels">The pixel pseudo-label, row-major (255 = ignore); not modified.</param>
    /// <param name="width">Map width.</param>
    /// <param name="height">Map height.</param>
    /// <param name="settings">Classes and parameters.</param>
    /// <returns>The components in the reference's paint order.</returns>
    public static List<ThingComponent> Find(ReadOnlySpan<byte> labels, int width, int height, AggregationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var labeling = ConnectedComponents.LabelClasses(labels, width, height, Connectivity.Eight, ComponentOrder.FirstPixel, ignoreValue: StuffVote.IgnoreValue);
        Span<bool> isThing = stackalloc bool[256];
        foreach (var id in settings.ThingIds)
        {
            if ((uint)id < 255)
            {
                isThing[id] = true;
            }
        }

        Span<int> classPixels = stackalloc int[256];
        foreach (var value in labels)
        {
            classPixels[value]++;
        }

        var components = new List<ThingComponent>();
        var regions = labeling.Regions;
        var regionIndex = labeling.RegionIndex;
        float[]? purity = null;
        byte[] crop = [];
        int[] pixels = [];
        for (var r = 0; r < regions.Length; r++)
        {
            var region = regions[r];
            var classTooSmall = settings.Fixes.InclusiveClassMinimum
                ? classPixels[region.Class] < settings.MinComponentPixels
                : classPixels[region.Class] <= settings.MinComponentPixels;
            if (!isThing[region.Class] || classTooSmall || region.Area < settings.MinComponentPixels)
            {
                continue;
            }

            // The component's bounding-box crop and its pixels in row-major order.
            var cropLength = region.Width * region.Height;
            if (crop.Length < cropLength)
            {
                crop = new byte[cropLength];
            }

            if (pixels.Length < region.Area)
            {
                pixels = new int[region.Area];
            }

            var n = 0;
            for (var y = 0; y < region.Height; y++)
            {
                var rowStart = ((region.Top + y) * width) + region.Left;
                for (var x = 0; x < region.Width; x++)
                {
                    var inside = regionIndex[rowStart + x] == r;
                    crop[(y * region.Width) + x] = inside ? (byte)1 : (byte)0;
                    if (inside)
                    {
                        pixels[n++] = rowStart + x;
                    }
                }
            }

            var geometry = ComponentBoxGeometry.Compute(crop.AsSpan(0, cropLength), region.Width, region.Height,
                new Point2I(region.Left, region.Top), width, height, settings.UnclipRatio)
                ?? throw new InvalidOperationException($"Component {r} of class {region.Class} has pixels but no contour.");
            purity ??= SpatialPurity.Compute(labels, width, height, settings.NumClasses, settings.PurityRadius);
            var points = PurityPointChooser.Choose(pixels.AsSpan(0, n), purity, width);
            if (settings.Fixes.TwoPointsPerComponent && points.Count == 1 && n > (n / 2) + 1)
            {
                points.Add(LowestPurity(pixels.AsSpan((n / 2) + 1, n - (n / 2) - 1), purity, width));
            }
            components.Add(new ThingComponent(region, geometry, points));
        }

        return components;
    }

    /// <summary>The first pixel of <paramref name="pixels"/> with the smallest purity (np.argmin).</summary>
    private static Point2I LowestPurity(ReadOnlySpan<int> pixels, float[] purity, int width)
    {
        var best = pixels[0];
        foreach (var index in pixels)
        {
            if (purity[index] < purity[best])
            {
                best = index;
            }
        }

        return new Point2I(best % width, best / width);
    }
}
