namespace SeCo.Plugins.Scc.Data;

/// <summary>
/// A crop window <c>[Top, Bottom) x [Left, Right)</c> of an image, as returned by the reference's
/// <c>BaseCityscapes.get_patch_region</c> (<c>[y0, y1, x0, x1]</c>).
/// </summary>
/// <param name="Top">First row (inclusive).</param>
/// <param name="Bottom">Last row (exclusive).</param>
/// <param name="Left">First column (inclusive).</param>
/// <param name="Right">Last column (exclusive).</param>
public readonly record struct PatchRegion(int Top, int Bottom, int Left, int Right)
{
    /// <summary>Height of the window in pixels.</summary>
    public int Height => Bottom - Top;

    /// <summary>Width of the window in pixels.</summary>
    public int Width => Right - Left;

    /// <summary>
    /// Computes the patch window around a region's box exactly like <c>get_patch_region</c>: a window of
    /// <paramref name="patchHeight"/> x <paramref name="patchWidth"/> centred on the box (grown with the same
    /// aspect when the box is larger), shifted inside the image (vertical first, then horizontal) and clamped.
    /// </summary>
    /// <param name="imageHeight">Image height.</param>
    /// <param name="imageWidth">Image width.</param>
    /// <param name="x">Box left (may be fractional; only the centre uses float arithmetic).</param>
    /// <param name="y">Box top.</param>
    /// <param name="width">Box width.</param>
    /// <param name="height">Box height.</param>
    /// <param name="patchHeight">Nominal patch height (256 in the reference).</param>
    /// <param name="patchWidth">Nominal patch width (512 in the reference).</param>
    /// <exception cref="ArgumentOutOfRangeException">The box is wider or taller than the image (the reference's assert).</exception>
    public static PatchRegion Around(int imageHeight, int imageWidth, double x, double y, double width, double height,
        int patchHeight = 256, int patchWidth = 512)
    {
        if (width > imageWidth || height > imageHeight)
        {
            throw new ArgumentOutOfRangeException(nameof(width),
                $"Box {width}x{height} does not fit in an image of {imageWidth}x{imageHeight}.");
        }

        var cx = (long)Math.Truncate(x + width / 2);
        var cy = (long)Math.Truncate(y + height / 2);
        long sh = patchHeight;
        long sw = patchWidth;
        if (width > sw || height > sh)
        {
            var ratio = Math.Max(height / sh, width / sw);
            sh = (long)Math.Truncate(ratio * sh);
            sw = (long)Math.Truncate(ratio * sw);
        }

        long top = cy - FloorHalf(sh), bottom = cy + FloorHalf(sh);
        long left = cx - FloorHalf(sw), right = cx + FloorHalf(sw);
        if (top < 0)
        {
            bottom -= top;
            top = 0;
        }

        if (bottom > imageHeight)
        {
            top += imageHeight - bottom;
            bottom = imageHeight;
        }

        if (left < 0)
        {
            right -= left;
            left = 0;
        }

        if (right > imageWidth)
        {
            left += imageWidth - right;
            right = imageWidth;
        }

        return new PatchRegion(
            (int)Math.Max(top, 0), (int)Math.Min(bottom, imageHeight),
            (int)Math.Max(left, 0), (int)Math.Min(right, imageWidth));
    }

    private static long FloorHalf(long value) => (long)Math.Floor(value / 2.0);
}
