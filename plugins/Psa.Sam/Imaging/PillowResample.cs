namespace SeCo.Plugins.Psa.Imaging;

/// <summary>
/// Pillow's <c>ImagingResample</c> on 8-bit channels (bit-exact: 22-bit fixed-point coefficients, horizontal pass
/// first): the antialiased bilinear filter (support 1) and the bicubic filter (support 2, <c>a = −0.5</c>), both
/// widened by the scale factor when reducing.
/// </summary>
internal static class PillowResample
{
    private const int Precision = 22;

    /// <summary>Resizes an interleaved <c>height × width × channels</c> image.</summary>
    public static byte[] Resize(ReadOnlySpan<byte> source, int height, int width, int channels, int newHeight, int newWidth, PillowFilter filter)
    {
        var current = source.ToArray();
        var (h, w) = (height, width);
        if (newWidth != width)
        {
            current = Horizontal(current, h, w, channels, newWidth, filter);
            w = newWidth;
        }

        if (newHeight != height)
        {
            current = Vertical(current, h, w, channels, newHeight, filter);
        }

        return current;
    }

    private static (int[] Bounds, int[] Coefficients, int KernelSize) Coefficients(int inSize, int outSize, PillowFilter filter)
    {
        var scale = (double)inSize / outSize;
        var filterScale = Math.Max(scale, 1.0);
        var support = (filter == PillowFilter.Bicubic ? 2.0 : 1.0) * filterScale;
        var kernelSize = (int)Math.Ceiling(support) * 2 + 1;
        var bounds = new int[outSize * 2];
        var fixedPoint = new int[outSize * kernelSize];
        var weights = new double[kernelSize];
        for (var o = 0; o < outSize; o++)
        {
            var center = (o + 0.5) * scale;
            var min = (int)(center - support + 0.5);
            if (min < 0)
            {
                min = 0;
            }

            var max = (int)(center + support + 0.5);
            if (max > inSize)
            {
                max = inSize;
            }

            max -= min;
            double total = 0;
            for (var x = 0; x < max; x++)
            {
                var arg = Math.Abs((x + min - center + 0.5) / filterScale);
                var weight = filter == PillowFilter.Bicubic ? Bicubic(arg) : arg < 1.0 ? 1.0 - arg : 0.0;
                weights[x] = weight;
                total += weight;
            }

            for (var x = 0; x < kernelSize; x++)
            {
                var k = x < max && total != 0 ? weights[x] / total : 0.0;
                fixedPoint[o * kernelSize + x] = k < 0 ? (int)(-0.5 + k * (1 << Precision)) : (int)(0.5 + k * (1 << Precision));
            }

            bounds[o * 2] = min;
            bounds[o * 2 + 1] = max;
        }

        return (bounds, fixedPoint, kernelSize);
    }

    /// <summary>Pillow's <c>bicubic_filter</c> (<c>a = −0.5</c>) at a non-negative distance.</summary>
    private static double Bicubic(double x)
    {
        const double a = -0.5;
        if (x < 1.0)
        {
            return (((a + 2.0) * x) - (a + 3.0)) * x * x + 1;
        }

        return x < 2.0 ? ((((x - 5) * x) + 8) * x - 4) * a : 0.0;
    }

    private static byte Clip8(int accumulator)
    {
        var value = accumulator >> Precision;
        return value < 0 ? (byte)0 : value > 255 ? (byte)255 : (byte)value;
    }

    private static byte[] Horizontal(byte[] source, int height, int width, int channels, int newWidth, PillowFilter filter)
    {
        var (bounds, k, kernelSize) = Coefficients(width, newWidth, filter);
        var output = new byte[height * newWidth * channels];
        for (var y = 0; y < height; y++)
        {
            var row = y * width * channels;
            for (var o = 0; o < newWidth; o++)
            {
                var (min, count) = (bounds[o * 2], bounds[o * 2 + 1]);
                var kernel = o * kernelSize;
                for (var c = 0; c < channels; c++)
                {
                    var accumulator = 1 << (Precision - 1);
                    for (var x = 0; x < count; x++)
                    {
                        accumulator += source[row + (min + x) * channels + c] * k[kernel + x];
                    }

                    output[(y * newWidth + o) * channels + c] = Clip8(accumulator);
                }
            }
        }

        return output;
    }

    private static byte[] Vertical(byte[] source, int height, int width, int channels, int newHeight, PillowFilter filter)
    {
        var (bounds, k, kernelSize) = Coefficients(height, newHeight, filter);
        var rowLength = width * channels;
        var output = new byte[newHeight * rowLength];
        for (var o = 0; o < newHeight; o++)
        {
            var (min, count) = (bounds[o * 2], bounds[o * 2 + 1]);
            var kernel = o * kernelSize;
            for (var i = 0; i < rowLength; i++)
            {
                var accumulator = 1 << (Precision - 1);
                for (var y = 0; y < count; y++)
                {
                    accumulator += source[(min + y) * rowLength + i] * k[kernel + y];
                }

                output[o * rowLength + i] = Clip8(accumulator);
            }
        }

        return output;
    }
}
