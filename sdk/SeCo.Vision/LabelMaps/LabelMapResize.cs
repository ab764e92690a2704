namespace SeCo.Vision.LabelMaps;

/// <summary>Resizes label maps without inventing classes (nearest neighbour).</summary>
public static class LabelMapResize
{
    /// <summary>
    /// Nearest-neighbour resize with the source pixel <c>floor(dst × in / out)</c> per axis, as
    /// <c>torch.nn.functional.interpolate(mode="nearest")</c> picks it (computed exactly in integers).
    /// </summary>
    /// <param name="map">The label map.</param>
    /// <param name="width">The new width (at least 1).</param>
    /// <param name="height">The new height (at least 1).</param>
    public static LabelMap Nearest(LabelMap map, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(map);
        if (width == map.Width && height == map.Height)
        {
            return map.Clone();
        }

        var result = new LabelMap(width, height);
        var sourceColumns = new int[width];
        for (var x = 0; x < width; x++)
        {
            sourceColumns[x] = (int)((long)x * map.Width / width);
        }

        for (var y = 0; y < height; y++)
        {
            var source = map.Row((int)((long)y * map.Height / height));
            var target = result.Row(y);
            for (var x = 0; x < target.Length; x++)
            {
                target[x] = source[sourceColumns[x]];
            }
        }

        return result;
    }
}
