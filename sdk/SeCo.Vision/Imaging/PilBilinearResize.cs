namespace SeCo.Vision.Imaging;

/// <summary>
/// PIL's <c>Image.resize(size, Image.BILINEAR)</c> for 8-bit RGB images (Pillow <c>Resample.c</c>): a
/// separable triangle filter whose support grows with the reduction factor (antialiased when
/// downscaling), coefficients in 22-bit fixed point, horizontal pass then vertical pass, each
/// rounded and clipped to 8 bits. Only the axes whose size changes are resampled. Used by the ProDA preprocessing
/// and UniMatch's training resize; bit-exact with Pillow on the ProDA preprocessing golden oracles.
/// </summary>
public static class PilBilinearResize
{
    private const int PrecisionBits = 32 - 8 - 2;

    /// <summary>Resizes <paramref name="image"/> to <paramref name="width"/> x <paramref name="height"/>.</summary>
    /// <returns>The image itself when the size is unchanged, else a new image.</returns>
    public static RgbImage Resize(RgbImage image, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        var result = image;
        if (width != image.Width)
        {
            result = Horizontal(result, width);
        }

        if (height != image.Height)
        {
            result = Vertical(result, height);
        }

        return result;
    }

    private static RgbImage Horizontal(RgbImage source, int width)
    {
        var (bounds, coefficients, kernelSize) = Coefficients(source.Width, width);
        var target = new RgbImage(width, source.Height);
        for (var y = 0; y < source.Height; y++)
        {
            ReadOnlySpan<byte> inRow = source.Row(y);
            var outRow = target.Row(y);
            for (var x = 0; x < width; x++)
            {
                var start = bounds[2 * x];
                var count = bounds[2 * x + 1];
                var k = coefficients.AsSpan(x * kernelSize, count);
                int s0 = 1 << (PrecisionBits - 1), s1 = s0, s2 = s0;
                for (var i = 0; i < k.Length; i++)
                {
                    var p = (start + i) * 3;
                    s0 += inRow[p] * k[i];
                    s1 += inRow[p + 1] * k[i];
                    s2 += inRow[p + 2] * k[i];
                }

                outRow[x * 3] = Clip8(s0);
                outRow[x * 3 + 1] = Clip8(s1);
                outRow[x * 3 + 2] = Clip8(s2);
            }
        }

        return target;
    }

    private static RgbImage Vertical(RgbImage source, int height)
    {
        var (bounds, coefficients, kernelSize) = Coefficients(source.Height, height);
        var target = new RgbImage(source.Width, height);
        var rowLength = source.Width * 3;
        var sums = new int[rowLength];
        for (var y = 0; y < height; y++)
        {
            var start = bounds[2 * y];
            var count = bounds[2 * y + 1];
            var k = coefficients.AsSpan(y * kernelSize, count);
            sums.AsSpan().Fill(1 << (PrecisionBits - 1));
            for (var i = 0; i < k.Length; i++)
            {
                ReadOnlySpan<byte> inRow = source.Row(start + i);
                var weight = k[i];
                for (var j = 0; j < rowLength; j++)
                {
                    sums[j] += inRow[j] * weight;
                }
            }

            var outRow = target.Row(y);
            for (var j = 0; j < rowLength; j++)
            {
                outRow[j] = Clip8(sums[j]);
            }
        }

        return target;
    }

    /// <summary>Pillow's <c>precompute_coeffs</c> with the bilinear filter and <c>normalize_coeffs_8bpc</c>.</summary>
    private static (int[] Bounds, int[] Coefficients, int KernelSize) Coefficients(int inSize, int outSize)
    {
        double scale = (double)inSize / outSize;
        var filterScale = Math.Max(scale, 1.0);
        var support = 1.0 * filterScale;
        var kernelSize = (int)Math.Ceiling(support) * 2 + 1;
        var bounds = new int[outSize * 2];
        var coefficients = new int[outSize * kernelSize];
        var weights = new double[kernelSize];
        for (var xx = 0; xx < outSize; xx++)
        {
            var center = (xx + 0.5) * scale;
            var ss = 1.0 / filterScale;
            var xmin = Math.Max((int)(center - support + 0.5), 0);
            var xmax = Math.Min((int)(center + support + 0.5), inSize) - xmin;
            var total = 0.0;
            for (var x = 0; x < xmax; x++)
            {
                var w = Triangle((x + xmin - center + 0.5) * ss);
                weights[x] = w;
                total += w;
            }

            for (var x = 0; x < xmax; x++)
            {
                var w = total != 0.0 ? weights[x] / total : weights[x];
                coefficients[xx * kernelSize + x] = w < 0
                    ? (int)(-0.5 + w * (1 << PrecisionBits))
                    : (int)(0.5 + w * (1 << PrecisionBits));
            }

            bounds[2 * xx] = xmin;
            bounds[2 * xx + 1] = xmax;
        }

        return (bounds, coefficients, kernelSize);
    }

    private static double Triangle(double x)
    {
        x = Math.Abs(x);
        return x < 1.0 ? 1.0 - x : 0.0;
    }

    private static byte Clip8(int value)
    {
        if (value >= (1 << PrecisionBits << 8))
        {
            return 255;
        }

        return value <= 0 ? (byte)0 : (byte)(value >> PrecisionBits);
    }
}
