namespace SeCo.Vision.Geometry;

/// <summary>
/// The rotated rectangle of a contour with its corners ordered as SeCo's <c>get_mini_boxes</c> orders them:
/// corners sorted by x (stable), the left pair ordered by y into top-left / bottom-left and the right pair
/// into top-right / bottom-right; polygon order <c>[TL, TR, BR, BL]</c>.
/// </summary>
/// <param name="Corners">The four corners, float32 as OpenCV's <c>boxPoints</c>.</param>
/// <param name="MinSide">The shorter side of the rectangle (<c>min(width, height)</c>).</param>
public sealed record MiniBox(Point2F[] Corners, float MinSide)
{
    /// <summary>The mini box of a contour: <see cref="MinAreaRect"/>, its corners, then the reference ordering.</summary>
    public static MiniBox FromContour(ReadOnlySpan<Point2I> contour) => FromRect(MinAreaRect.Of(contour));

    /// <summary>Orders the corners of <paramref name="rect"/> as <c>get_mini_boxes</c> does.</summary>
    public static MiniBox FromRect(RotatedRect rect)
    {
        var points = rect.Corners();

        // Python's sorted(key=x) is stable: insertion sort on x keeps equal-x corners in boxPoints order.
        for (var i = 1; i < points.Length; i++)
        {
            var value = points[i];
            var j = i - 1;
            while (j >= 0 && points[j].X > value.X)
            {
                points[j + 1] = points[j];
                j--;
            }

            points[j + 1] = value;
        }

        int index1, index2, index3, index4;
        if (points[1].Y > points[0].Y)
        {
            index1 = 0;
            index4 = 1;
        }
        else
        {
            index1 = 1;
            index4 = 0;
        }

        if (points[3].Y > points[2].Y)
        {
            index2 = 2;
            index3 = 3;
        }
        else
        {
            index2 = 3;
            index3 = 2;
        }

        return new MiniBox([points[index1], points[index2], points[index3], points[index4]], Math.Min(rect.Width, rect.Height));
    }
}
