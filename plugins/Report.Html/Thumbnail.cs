using SeCo.Vision.Imaging;

namespace SeCo.Plugins.HtmlReport;

/// <summary>Downscales photos for report panels by averaging the source pixels each panel pixel covers.</summary>
internal static class Thumbnail
{
    /// <summary>The panel size for an image: <paramref name="maxWidth"/> wide at most, aspect ratio kept, never upscaled.</summary>
    public static (int Width, int Height) SizeFor(int width, int height, int maxWidth)
    {
        if (width <= maxWidth)
        {
            return (width, height);
        }

        return (maxWidth, Math.Max(1, (int)Math.Round((double)height * maxWidth / width)));
    }

    /// <summary>Area-averaging downscale (box filter); returns a copy when the size is unchanged.</summary>
    public static RgbImage Downscale(RgbImage image, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(image);
        var result = new RgbImage(width, height);
        var columns = new int[width + 1];
        for (var x = 0; x <= width; x++)
        {
            columns[x] = (int)((long)x * image.Width / width);
        }

        Span<long> sums = stackalloc long[3];
        for (var y = 0; y < height; y++)
        {
            var y0 = (int)((long)y * image.Height / height);
            var y1 = Math.Max(y0 + 1, (int)((long)(y + 1) * image.Height / height));
            var target = result.Row(y);
            for (var x = 0; x < width; x++)
            {
                var x0 = columns[x];
                var x1 = Math.Max(x0 + 1, columns[x + 1]);
                sums.Clear();
                for (var sy = y0; sy < y1; sy++)
                {
                    var source = image.Row(sy);
                    for (var sx = x0 * 3; sx < x1 * 3; sx += 3)
                    {
                        sums[0] += source[sx];
                        sums[1] += source[sx + 1];
                        sums[2] += source[sx + 2];
                    }
                }

                var count = (long)(y1 - y0) * (x1 - x0);
                target[x * 3] = (byte)((sums[0] + count / 2) / count);
                target[x * 3 + 1] = (byte)((sums[1] + count / 2) / count);
                target[x * 3 + 2] = (byte)((sums[2] + count / 2) / count);
            }
        }

        return result;
    }
}
