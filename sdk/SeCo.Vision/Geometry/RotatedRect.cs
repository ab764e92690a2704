namespace SeCo.Vision.Geometry;

/// <summary>A rotated rectangle with OpenCV's <c>RotatedRect</c> conventions (float32 fields, angle in degrees).</summary>
/// <param name="Center">Centre of the rectangle.</param>
/// <param name="Width">Length of the side along <paramref name="Angle"/>.</param>
/// <param name="Height">Length of the other side.</param>
/// <param name="Angle">Direction of the width side, degrees (as <c>atan2</c> of OpenCV's edge vector).</param>
public readonly record struct RotatedRect(Point2F Center, float Width, float Height, float Angle)
{
    /// <summary>The four corners in <c>cv2.boxPoints</c> order, computed in float32 as OpenCV does.</summary>
    public Point2F[] Corners()
    {
        var angle = Angle * Math.PI / 180.0;
        var b = (float)Math.Cos(angle) * 0.5f;
        var a = (float)Math.Sin(angle) * 0.5f;
        var cx = Center.X;
        var cy = Center.Y;

        var p0 = new Point2F(cx - (a * Height) - (b * Width), cy + (b * Height) - (a * Width));
        var p1 = new Point2F(cx + (a * Height) - (b * Width), cy - (b * Height) - (a * Width));
        var p2 = new Point2F((2 * cx) - p0.X, (2 * cy) - p0.Y);
        var p3 = new Point2F((2 * cx) - p1.X, (2 * cy) - p1.Y);
        return [p0, p1, p2, p3];
    }
}
