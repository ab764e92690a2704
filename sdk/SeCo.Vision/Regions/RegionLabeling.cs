namespace SeCo.Vision.Regions;

/// <summary>
/// The connected components of a label map or mask: a row-major region-index map (region number per pixel,
/// -1 where no region is) and the region table, in region-number order.
/// </summary>
public sealed class RegionLabeling
{
    /// <summary>Creates a labelling; <paramref name="regionIndex"/> and <paramref name="regions"/> are kept, not copied.</summary>
    public RegionLabeling(int width, int height, int[] regionIndex, Region[] regions)
    {
        ArgumentNullException.ThrowIfNull(regionIndex);
        ArgumentNullException.ThrowIfNull(regions);
        if (regionIndex.Length != (long)width * height)
        {
            throw new ArgumentException($"The region-index map holds {regionIndex.Length} pixels; {height}x{width} needs {(long)width * height}.", nameof(regionIndex));
        }

        Width = width;
        Height = height;
        RegionIndex = regionIndex;
        Regions = regions;
    }

    /// <summary>Image width.</summary>
    public int Width { get; }

    /// <summary>Image height.</summary>
    public int Height { get; }

    /// <summary>Row-major region number per pixel; -1 for ignored (label maps) or background (masks) pixels.</summary>
    public int[] RegionIndex { get; }

    /// <summary>The regions, indexed by region number.</summary>
    public Region[] Regions { get; }

    /// <summary>Number of regions.</summary>
    public int Count => Regions.Length;
}
