namespace SeCo.Vision.Imaging;

/// <summary>
/// Pillow's <c>Image.resize(size, filter)</c> on 8-bit channels (<c>ImagingResample</c> in <c>Resample.c</c>),
/// bit-exact: per output pixel the filter is centred at <c>(o + 0.5) · scale</c> and widened by the scale factor when
/// reducing (antialiased), the weights are normalised and rounded to 22-bit fixed point, and the image is resampled
/// horizontally first, then vertically, each pass rounded and clipped to 0–255. Only the axes whose size changes are
/// resampled.
/// </summary>
public static class PillowResample
{
    private const int PrecisionBits = 32 - 8 - 2;

    /// <summary>Resizes an RGB image to <paramref name="width"/> × <paramref name="height"/>.</summary>
    /// <param name="image">The image to resize.</param>
    /// <param name="width">The new width in pixels (at least 1).</param>
    /// <param name="height">The new height in pixels (at least 1).</param>
    /// <param name="filter">The resampling filter.</param>
    /// <returns><paramref name="image"/> itself when the size is unchanged, else a new image.</returns>
    public static RgbImage Resize(RgbImage image, int width, int height, PillowFilter filter)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        if (image.Width == width && image.Height == height)
        {
            return image;
        }

        var pixels = Resize(image.Data, image.Height, image.Width, 3, height, width, filter);
        return new RgbImage(width, height, pixels);
    }

    /// <summary>Resizes an interleaved, row-major <c>height × width × channels</c> 8-bit image.</summary>
    /// <param name="source">The pixels: <paramref name="height"/> × <paramref name="width"/> × <paramref name="channels"/> bytes.</param>
    /// <param name="height">The source height (at least 1).</param>
    /// <param name="width">The source width (at least 1).</param>
    /// <param name="channels">Bytes per pixel (at least 1); every channel is resampled independently.</param>
    /// <param name="newHeight">The new height (at least 1).</param>
    /// <param name="newWidth">The new width (at least 1).</param>
    /// <param name="filter">The resampling filter.</param>
    /// <returns>The new <c>newHeight × newWidth × channels</c> pixels (a copy of <paramref name="source"/> when the size is unchanged).</returns>
    public static byte[] Resize(ReadOnlySpan<byte> source, int height, int width, int channels, int newHeight, int newWidth, PillowFilter filter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(newHeight, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(newWidth, 1);
        if (filter is not (PillowFilter.Bilinear or PillowFilter.Bicubic))
        {
            throw new ArgumentOutOfRangeException(nameof(filter), filter, "Expected PillowFilter.Bilinear or PillowFilter.Bicubic.");
        }

        if ((long)height * width * channels != source.Length)
        {
            throw new ArgumentException($"Expected {height}×{width}×{channels} bytes, got {source.Length}.", nameof(source));
        }

        if (newWidth == width)
        {
            return newHeight == height ? source.ToArray() : Vertical(source, height, width * channels, newHeight, filter);
        }

        var horizontal = Horizontal(source, height, width, channels, newWidth, filter);
        return newHeight == height ? horizontal : Vertical(horizontal, height, newWidth * channels, newHeight, filter);
    }

    private static byte[] Horizontal(ReadOnlySpan<byte> source, int height, int width, int channels, int newWidth, PillowFilter filter)
    {
        var (bounds, coefficients, kernelSize) = Coefficients(width, newWidth, filter);
        var inRowLength = width * channels;
        var outRowLength = newWidth * channels;
        var output = new byte[height * outRowLength];
        for (var y = 0; y < height; y++)
        {
            var inRow = source.Slice(y * inRowLength, inRowLength);
            var outRow = output.AsSpan(y * outRowLength, outRowLength);
            if (channels == 3)
            {
                HorizontalRgbRow(inRow, outRow, bounds, coefficients, kernelSize);
                continue;
            }

            for (var o = 0; o < newWidth; o++)
            {
                var start = bounds[2 * o] * channels;
                ReadOnlySpan<int> k = coefficients.AsSpan(o * kernelSize, bounds[2 * o + 1]);
                for (var c = 0; c < channels; c++)
                {
                    var sum = 1 << (PrecisionBits - 1);
                    for (var i = 0; i < k.Length; i++)
                    {
                        sum += inRow[start + i * channels + c] * k[i];
                    }

                    outRow[o * channels + c] = Clip8(sum);
                }
            }
        }

        return output;
    }

    /// <summary>One row of the horizontal pass with three interleaved channels (RGB), the three sums side by side.</summary>
    private static void HorizontalRgbRow(ReadOnlySpan<byte> inRow, Span<byte> outRow, int[] bounds, int[] coefficients, int kernelSize)
    {
        var newWidth = outRow.Length / 3;
        for (var o = 0; o < newWidth; o++)
        {
            var start = bounds[2 * o] * 3;
            ReadOnlySpan<int> k = coefficients.AsSpan(o * kernelSize, bounds[2 * o + 1]);
            int s0 = 1 << (PrecisionBits - 1), s1 = s0, s2 = s0;
            for (var i = 0; i < k.Length; i++)
            {
                var p = start + i * 3;
                s0 += inRow[p] * k[i];
                s1 += inRow[p + 1] * k[i];
                s2 += inRow[p + 2] * k[i];
            }

            outRow[o * 3] = Clip8(s0);
            outRow[o * 3 + 1] = Clip8(s1);
            outRow[o * 3 + 2] = Clip8(s2);
        }
    }

    private static byte[] Vertical(ReadOnlySpan<byte> source, int height, int rowLength, int newHeight, PillowFilter filter)
    {
        var (bounds, coefficients, kernelSize) = Coefficients(height, newHeight, filter);
        var output = new byte[newHeight * rowLength];
        var sums = new int[rowLength];
        for (var o = 0; o < newHeight; o++)
        {
            var start = bounds[2 * o];
            ReadOnlySpan<int> k = coefficients.AsSpan(o * kernelSize, bounds[2 * o + 1]);
            sums.AsSpan().Fill(1 << (PrecisionBits - 1));
            for (var i = 0; i < k.Length; i++)
            {
                var inRow = source.Slice((start + i) * rowLength, rowLength);
                var weight = k[i];
                for (var j = 0; j < rowLength; j++)
                {
                    sums[j] += inRow[j] * weight;
                }
            }

            var outRow = output.AsSpan(o * rowLength, rowLength);
            for (var j = 0; j < rowLength; j++)
            {
                outRow[j] = Clip8(sums[j]);
            }
        }

        return output;
    }

    /// <summary>
    /// Pillow's <c>precompute_coeffs</c> and <c>normalize_coeffs_8bpc</c>: per output index the first input index, the
    /// number of inputs and their fixed-point weights (row <c>o</c> of a <c>outSize × kernelSize</c> table).
    /// </summary>
    private static (int[] Bounds, int[] Coefficients, int KernelSize) Coefficients(int inSize, int outSize, PillowFilter filter)
    {
        var scale = (double)inSize / outSize;
        var filterScale = Math.Max(scale, 1.0);
        var support = (filter == PillowFilter.Bicubic ? 2.0 : 1.0) * filterScale;
        var kernelSize = (int)Math.Ceiling(support) * 2 + 1;
        var bounds = new int[outSize * 2];
        var coefficients = new int[outSize * kernelSize];
        var weights = new double[kernelSize];
        var ss = 1.0 / filterScale;
        for (var o = 0; o < outSize; o++)
        {
            var center = (o + 0.5) * scale;
            var min = Math.Max((int)(center - support + 0.5), 0);
            var count = Math.Min((int)(center + support + 0.5), inSize) - min;
            var total = 0.0;
            for (var x = 0; x < count; x++)
            {
                var arg = (x + min - center + 0.5) * ss;
                var weight = filter == PillowFilter.Bicubic ? BicubicFilter(arg) : TriangleFilter(arg);
                weights[x] = weight;
                total += weight;
            }

            for (var x = 0; x < count; x++)
            {
                var w = total != 0.0 ? weights[x] / total : weights[x];
                coefficients[o * kernelSize + x] = w < 0
                    ? (int)(-0.5 + w * (1 << PrecisionBits))
                    : (int)(0.5 + w * (1 << PrecisionBits));
            }

            bounds[2 * o] = min;
            bounds[2 * o + 1] = count;
        }

        return (bounds, coefficients, kernelSize);
    }

    /// <summary>Pillow's <c>bilinear_filter</c>.</summary>
    private static double TriangleFilter(double x)
    {
        x = Math.Abs(x);
        return x < 1.0 ? 1.0 - x : 0.0;
    }

    /// <summary>Pillow's <c>bicubic_filter</c> (<c>a = −0.5</c>).</summary>
    private static double BicubicFilter(double x)
    {
        const double a = -0.5;
        x = Math.Abs(x);
        if (x < 1.0)
        {
            return (((a + 2.0) * x) - (a + 3.0)) * x * x + 1;
        }

        return x < 2.0 ? ((((x - 5) * x) + 8) * x - 4) * a : 0.0;
    }

    /// <summary>Pillow's <c>clip8</c>: the fixed-point sum shifted back to 8 bits and clipped to 0–255.</summary>
    private static byte Clip8(int value)
    {
        if (value >= (1 << PrecisionBits << 8))
        {
            return 255;
        }

        return value <= 0 ? (byte)0 : (byte)(value >> PrecisionBits);
    }
}
