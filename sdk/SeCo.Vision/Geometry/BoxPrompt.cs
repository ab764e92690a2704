namespace SeCo.Vision.Geometry;

/// <summary>
/// An axis-aligned box prompt in pixels, as SeCo's <c>cal_four_para_bbox</c> returns it (<c>x, y, w, h</c>,
/// corners inclusive-style) and as SAM receives it (<see cref="XMax"/>, <see cref="YMax"/>).
/// </summary>
/// <param name="X">Left column.</param>
/// <param name="Y">Top row.</param>
/// <param name="Width"><c>x_max − x_min</c>.</param>
/// <param name="Height"><c>y_max − y_min</c>.</param>
public readonly record struct BoxPrompt(int X, int Y, int Width, int Height)
{
    /// <summary>Right column (<c>X + Width</c>).</summary>
    public int XMax => X + Width;

    /// <summary>Bottom row (<c>Y + Height</c>).</summary>
    public int YMax => Y + Height;

    /// <summary>
    /// <c>cal_four_para_bbox</c>: floor of the minimum and ceiling of the maximum coordinate over every vertex of
    /// <paramref name="polygons"/>, each clipped to <c>[0, size − 1]</c> of the image.
    /// </summary>
    /// <returns>The box, or <see langword="null"/> when <paramref name="polygons"/> has no vertex.</returns>
    public static BoxPrompt? FromPolygons(IReadOnlyList<Point2I[]> polygons, int imageWidth, int imageHeight)
    {
        int minX = int.MaxValue, minY = int.MaxValue, maxX = int.MinValue, maxY = int.MinValue;
        var any = false;
        foreach (var polygon in polygons)
        {
            foreach (var p in polygon)
            {
                any = true;
                minX = Math.Min(minX, p.X);
                minY = Math.Min(minY, p.Y);
                maxX = Math.Max(maxX, p.X);
                maxY = Math.Max(maxY, p.Y);
            }
        }

        if (!any)
        {
            return null;
        }

        var x0 = Math.Clamp(minX, 0, imageWidth - 1);
        var x1 = Math.Clamp(maxX, 0, imageWidth - 1);
        var y0 = Math.Clamp(minY, 0, imageHeight - 1);
        var y1 = Math.Clamp(maxY, 0, imageHeight - 1);
        return new BoxPrompt(x0, y0, x1 - x0, y1 - y0);
    }
}
