namespace SeCo.Vision.Segmentation;

/// <summary>
/// SciPy's <c>gaussian_filter</c> over the two spatial axes of an interleaved multi-channel float64 image
/// (<c>sigma=[s, s, 0]</c>, <c>mode="reflect"</c>, <c>truncate=4.0</c>): a normalised kernel of radius
/// <c>int(4·sigma + 0.5)</c>, applied along rows-axis 0 first and then axis 1, each output value accumulated as
/// SciPy's symmetric correlation does (centre tap, then outermost pair inwards).
/// </summary>
internal static class GaussianSmoothing
{
    /// <summary>Smooths <paramref name="image"/> (<c>height × width × channels</c>) in place.</summary>
    public static void Apply(double[] image, int width, int height, int channels, double sigma)
    {
        if (sigma <= 1e-15)
        {
            return;
        }

        var weights = Kernel(sigma);
        var radius = weights.Length / 2;
        var lineLength = Math.Max(width, height);
        var line = new double[lineLength + (2 * radius)];
        var output = new double[lineLength];

        // Axis 0 (down the columns), then axis 1 (along the rows), as SciPy filters axis by axis.
        for (var x = 0; x < width; x++)
        {
            for (var c = 0; c < channels; c++)
            {
                var start = (x * channels) + c;
                Filter(image, start, width * channels, height, weights, line, output);
            }
        }

        for (var y = 0; y < height; y++)
        {
            for (var c = 0; c < channels; c++)
            {
                var start = (y * width * channels) + c;
                Filter(image, start, channels, width, weights, line, output);
            }
        }
    }

    /// <summary>SciPy's <c>_gaussian_kernel1d(sigma, 0, radius)</c>.</summary>
    internal static double[] Kernel(double sigma)
    {
        var radius = (int)((4.0 * sigma) + 0.5);
        var weights = new double[(2 * radius) + 1];
        var factor = -0.5 / (sigma * sigma);
        for (var i = 0; i < weights.Length; i++)
        {
            var x = (double)(i - radius);
            weights[i] = Math.Exp(factor * (x * x));
        }

        // np.sum: the first value, plus the pairwise sum of the rest.
        var sum = weights[0] + PairwiseSum(weights.AsSpan(1));
        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] /= sum;
        }

        return weights;
    }

    private static void Filter(double[] image, int start, int stride, int length, double[] weights, double[] line, double[] output)
    {
        var radius = weights.Length / 2;

        // The line with its reflected border (d c b a | a b c d | d c b a), repeated for kernels longer than it.
        for (var i = -radius; i < length + radius; i++)
        {
            line[i + radius] = image[start + (Reflect(i, length) * stride)];
        }

        for (var i = 0; i < length; i++)
        {
            var centre = i + radius;
            var sum = line[centre] * weights[radius];
            for (var j = radius; j > 0; j--)
            {
                sum += (line[centre - j] + line[centre + j]) * weights[radius - j];
            }

            output[i] = sum;
        }

        for (var i = 0; i < length; i++)
        {
            image[start + (i * stride)] = output[i];
        }
    }

    /// <summary>SciPy's <c>reflect</c> boundary: the index folded back into <c>0..length−1</c> with the edge repeated.</summary>
    private static int Reflect(int index, int length)
    {
        if (length == 1)
        {
            return 0;
        }

        var period = 2 * length;
        var i = index % period;
        if (i < 0)
        {
            i += period;
        }

        return i < length ? i : period - 1 - i;
    }

    /// <summary>NumPy's pairwise summation (eight accumulators for blocks of eight or more values).</summary>
    private static double PairwiseSum(ReadOnlySpan<double> values)
    {
        if (values.Length < 8)
        {
            var total = 0.0;
            foreach (var v in values)
            {
                total += v;
            }

            return total;
        }

        if (values.Length <= 128)
        {
            Span<double> r = stackalloc double[8];
            values[..8].CopyTo(r);
            var i = 8;
            for (; i < values.Length - (values.Length % 8); i += 8)
            {
                for (var k = 0; k < 8; k++)
                {
                    r[k] += values[i + k];
                }
            }

            var result = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
            for (; i < values.Length; i++)
            {
                result += values[i];
            }

            return result;
        }

        var half = values.Length / 2;
        half -= half % 8;
        return PairwiseSum(values[..half]) + PairwiseSum(values[half..]);
    }
}
