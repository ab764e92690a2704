using SeCo.Vision.Imaging;

namespace SeCo.Plugins.Psa.Imaging;

/// <summary>RGB image resizing as Pillow's <c>Image.resize</c> does it.</summary>
internal static class ImageResize
{
    /// <summary>
    /// <c>image.resize((width, height))</c> of an RGB image: Pillow's default filter for RGB, bicubic (Pillow ≥ 7).
    /// Returns <paramref name="image"/> itself when the size already matches.
    /// </summary>
    public static RgbImage Bicubic(RgbImage image, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if (image.Width == width && image.Height == height)
        {
            return image;
        }

        var pixels = PillowResample.Resize(image.Data, image.Height, image.Width, 3, height, width, PillowFilter.Bicubic);
        return new RgbImage(width, height, pixels);
    }
}
