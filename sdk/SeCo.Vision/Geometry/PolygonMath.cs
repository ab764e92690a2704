namespace SeCo.Vision.Geometry;

/// <summary>Polygon measures computed the way the reference libraries compute them (same operation order).</summary>
public static class PolygonMath
{
    /// <summary>
    /// Absolute shoelace area of a closed polygon, as <c>cv2.contourArea(contour)</c>
    /// (float coordinates, double accumulation, first vertex not repeated).
    /// </summary>
    public static double ContourArea(ReadOnlySpan<Point2I> contour)
    {
        var n = contour.Length;
        if (n == 0)
        {
            return 0;
        }

        double a00 = 0;
        float prevX = contour[n - 1].X;
        float prevY = contour[n - 1].Y;
        for (var i = 0; i < n; i++)
        {
            float x = contour[i].X;
            float y = contour[i].Y;
            a00 += ((double)prevX * y) - ((double)prevY * x);
            prevX = x;
            prevY = y;
        }

        return Math.Abs(a00 * 0.5);
    }

    /// <summary>
    /// Area of the polygon through <paramref name="ring"/> (closed implicitly), as shapely/GEOS
    /// <c>Polygon(ring).area</c> computes it: shoelace relative to the first x, in double precision.
    /// </summary>
    public static double RingArea(ReadOnlySpan<Point2F> ring)
    {
        var n = ring.Length + 1; // GEOS sees the closed ring.
        if (n < 4)
        {
            return 0;
        }

        double x0 = ring[0].X;
        double p1x = ring[0].X, p1y = ring[0].Y;
        double p2x = ring[1].X - x0, p2y = ring[1].Y;
        double sum = 0;
        for (var i = 1; i < n - 1; i++)
        {
            var p0y = p1y;
            p1x = p2x;
            p1y = p2y;
            var next = ring[(i + 1) % ring.Length];
            p2x = next.X - x0;
            p2y = next.Y;
            sum += p1x * (p0y - p2y);
        }

        return Math.Abs(sum / 2.0);
    }

    /// <summary>Perimeter of the closed polygon through <paramref name="ring"/>, as shapely <c>Polygon(ring).length</c>.</summary>
    public static double RingLength(ReadOnlySpan<Point2F> ring)
    {
        double length = 0;
        for (var i = 0; i < ring.Length; i++)
        {
            var a = ring[i];
            var b = ring[(i + 1) % ring.Length];
            double dx = (double)b.X - a.X;
            double dy = (double)b.Y - a.Y;
            length += Math.Sqrt((dx * dx) + (dy * dy));
        }

        return length;
    }
}
