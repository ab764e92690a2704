using SeCo.Vision.Regions;

namespace SeCo.Plugins.Psa.MaskGeneration;

/// <summary>The reference <c>remove_small_regions</c> with 8-connected components (OpenCV numbering).</summary>
public static class SmallRegions
{
    /// <summary>
    /// Removes holes or islands smaller than <paramref name="areaThreshold"/> from a row-major 0/1 mask in place;
    /// returns whether anything changed.
    /// </summary>
    public static bool Remove(Span<byte> mask, int height, int width, int areaThreshold, SmallRegionMode mode)
    {
        var holes = mode == SmallRegionMode.Holes;
        var working = new byte[mask.Length];
        for (var i = 0; i < mask.Length; i++)
        {
            working[i] = (byte)((mask[i] != 0) ^ holes ? 1 : 0);
        }

        var labeling = ConnectedComponents.LabelMask(working, width, height, Connectivity.Eight, ComponentOrder.OpenCv);
        var regions = labeling.Regions;
        var small = new bool[regions.Length];
        var anySmall = false;
        for (var r = 0; r < regions.Length; r++)
        {
            small[r] = regions[r].Area < areaThreshold;
            anySmall |= small[r];
        }

        if (!anySmall)
        {
            return false;
        }

        var index = labeling.RegionIndex;
        if (holes)
        {
            for (var i = 0; i < mask.Length; i++)
            {
                // Kept: the original mask (background of the working mask) and every small hole.
                mask[i] = (byte)(index[i] < 0 || small[index[i]] ? 1 : 0);
            }

            return true;
        }

        var keep = new bool[regions.Length];
        var anyKept = false;
        for (var r = 0; r < regions.Length; r++)
        {
            keep[r] = !small[r];
            anyKept |= keep[r];
        }

        if (!anyKept)
        {
            var largest = 0;
            for (var r = 1; r < regions.Length; r++)
            {
                if (regions[r].Area > regions[largest].Area)
                {
                    largest = r;
                }
            }

            keep[largest] = true;
        }

        for (var i = 0; i < mask.Length; i++)
        {
            mask[i] = (byte)(index[i] >= 0 && keep[index[i]] ? 1 : 0);
        }

        return true;
    }
}
