namespace SeCo.Vision.Segmentation;

/// <summary>
/// A partition of an image into segments: one segment index per pixel (row-major), indexes <c>0..Count−1</c>
/// numbered by the raster position of each segment's first pixel.
/// </summary>
public sealed class SegmentMap
{
    /// <summary>Creates a map over <paramref name="labels"/> (not copied).</summary>
    /// <exception cref="ArgumentException">The label array does not hold <c>width × height</c> values.</exception>
    public SegmentMap(int width, int height, int[] labels, int count)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfNegative(width);
        ArgumentOutOfRangeException.ThrowIfNegative(height);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (labels.Length != width * height)
        {
            throw new ArgumentException($"Expected {width}×{height} labels, got {labels.Length}.", nameof(labels));
        }

        Width = width;
        Height = height;
        Labels = labels;
        Count = count;
    }

    /// <summary>Map width in pixels.</summary>
    public int Width { get; }

    /// <summary>Map height in pixels.</summary>
    public int Height { get; }

    /// <summary>The segment index of every pixel, row-major.</summary>
    public int[] Labels { get; }

    /// <summary>Number of segments.</summary>
    public int Count { get; }

    /// <summary>The pixel count of every segment.</summary>
    public int[] Sizes()
    {
        var sizes = new int[Count];
        foreach (var label in Labels)
        {
            sizes[label]++;
        }

        return sizes;
    }

    /// <summary>One binary mask (row-major, 1 = inside) per segment, in segment order.</summary>
    public byte[][] ToMasks()
    {
        var masks = new byte[Count][];
        for (var s = 0; s < masks.Length; s++)
        {
            masks[s] = new byte[Labels.Length];
        }

        for (var i = 0; i < Labels.Length; i++)
        {
            masks[Labels[i]][i] = 1;
        }

        return masks;
    }
}
