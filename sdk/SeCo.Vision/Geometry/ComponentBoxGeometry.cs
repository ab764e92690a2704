namespace SeCo.Vision.Geometry;

/// <summary>
/// Every step of SeCo PSA's box prompt for one thing component (spec psa §6.3): largest contour, mini box,
/// unclipped polygons and the clipped box. <see cref="Box"/> is <see langword="null"/> when the unclip yields
/// nothing (the reference skips such a component).
/// </summary>
/// <param name="Contour">The largest contour (<see cref="ContourFinder.FindLargest"/>).</param>
/// <param name="ContourArea">Its <see cref="PolygonMath.ContourArea"/>.</param>
/// <param name="MiniBox">The ordered rotated rectangle.</param>
/// <param name="Expanded">The unclip result (possibly empty).</param>
/// <param name="Box">The box prompt, or <see langword="null"/>.</param>
public sealed record ComponentBoxGeometry(
    Point2I[] Contour, double ContourArea, MiniBox MiniBox, IReadOnlyList<Point2I[]> Expanded, BoxPrompt? Box)
{
    /// <summary>Computes the box prompt of the non-zero pixels of <paramref name="mask"/>.</summary>
    /// <param name="mask">Row-major component mask (may be a crop of the image).</param>
    /// <param name="width">Mask width.</param>
    /// <param name="height">Mask height.</param>
    /// <param name="offset">Position of the mask's (0, 0) in the image.</param>
    /// <param name="imageWidth">Image width (for clipping the box).</param>
    /// <param name="imageHeight">Image height.</param>
    /// <param name="unclipRatio">The unclip ratio (1.25 in SeCo).</param>
    /// <returns>The geometry, or <see langword="null"/> when the mask is empty.</returns>
    public static ComponentBoxGeometry? Compute(
        ReadOnlySpan<byte> mask, int width, int height, Point2I offset, int imageWidth, int imageHeight,
        double unclipRatio = Unclip.DefaultRatio)
    {
        var contour = ContourFinder.FindLargest(mask, width, height, offset);
        if (contour is null)
        {
            return null;
        }

        var miniBox = MiniBox.FromContour(contour);
        var expanded = Unclip.Expand(miniBox.Corners, unclipRatio);
        var box = BoxPrompt.FromPolygons(expanded, imageWidth, imageHeight);
        return new ComponentBoxGeometry(contour, PolygonMath.ContourArea(contour), miniBox, expanded, box);
    }
}
