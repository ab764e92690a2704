namespace SeCo.Vision.Geometry;

/// <summary>
/// SeCo's <c>unclip</c>: expands a (rotated) box by <c>δ = area · ratio / perimeter</c> with round joins,
/// as the reference does with shapely (area, perimeter) and pyclipper (offset).
/// </summary>
public static class Unclip
{
    /// <summary>The expansion ratio SeCo PSA uses.</summary>
    public const double DefaultRatio = 1.25;

    /// <summary>The offset distance <c>area · ratio / perimeter</c> of the polygon <paramref name="box"/> (double precision).</summary>
    /// <returns>The distance, or <see langword="null"/> when the perimeter is below 0.01 (the reference returns nothing).</returns>
    public static double? Distance(ReadOnlySpan<Point2F> box, double ratio = DefaultRatio)
    {
        var length = PolygonMath.RingLength(box);
        if (length < 0.01)
        {
            return null;
        }

        return PolygonMath.RingArea(box) * ratio / length;
    }

    /// <summary>
    /// Expands <paramref name="box"/>. Its float corners enter the offset truncated toward zero (pyclipper's
    /// integer conversion); the result is Clipper's, arc tolerance <see cref="RoundOffset.DefaultArcTolerance"/>.
    /// </summary>
    /// <returns>The expanded polygons; empty when there is none (the reference then skips the component).</returns>
    public static List<Point2I[]> Expand(ReadOnlySpan<Point2F> box, double ratio = DefaultRatio)
    {
        var distance = Distance(box, ratio);
        if (distance is null)
        {
            return [];
        }

        Span<Point2I> path = stackalloc Point2I[box.Length];
        for (var i = 0; i < box.Length; i++)
        {
            path[i] = new Point2I((int)box[i].X, (int)box[i].Y);
        }

        return RoundOffset.Execute(path, distance.Value);
    }
}
