using SeCo.Vision.Imaging;

namespace SeCo.Plugins.Adapt.UniMatch.Data;

/// <summary>
/// Pillow's <c>ImageFilter.GaussianBlur(radius)</c>: three passes of an extended box blur per axis (Pillow
/// <c>BoxBlur.c</c>) whose fractional radius gives the variance of a Gaussian with σ = radius; edge pixels repeat.
/// Computed in floating point and rounded once per pass, so values may differ from Pillow's fixed point by 1.
/// </summary>
public static class PilGaussianBlur
{
    private const int Passes = 3;

    /// <summary>The box radius Pillow uses for a Gaussian radius and pass count (<c>_gaussian_blur_radius</c>).</summary>
    public static double BoxRadius(double radius, int passes = Passes)
    {
        var sigma2 = radius * radius / passes;
        var big = Math.Sqrt(12.0 * sigma2 + 1.0);
        var l = Math.Floor((big - 1.0) / 2.0);
        var a = (2 * l + 1) * (l * (l + 1) - 3 * sigma2);
        a /= 6 * (sigma2 - (l + 1) * (l + 1));
        return l + a;
    }

    /// <summary>Blurs a copy of <paramref name="image"/>.</summary>
    public static RgbImage Apply(RgbImage image, double radius)
    {
        ArgumentNullException.ThrowIfNull(image);
        var result = new RgbImage(image.Width, image.Height, (byte[])image.Data.Clone());
        var box = BoxRadius(radius);
        if (box <= 0)
        {
            return result;
        }

        var w = image.Width;
        var h = image.Height;
        var line = new float[Math.Max(w, h)];
        var output = new float[Math.Max(w, h)];
        var data = result.Data;
        for (var pass = 0; pass < Passes; pass++)
        {
            for (var y = 0; y < h; y++)
            {
                for (var c = 0; c < 3; c++)
                {
                    for (var x = 0; x < w; x++)
                    {
                        line[x] = data[(y * w + x) * 3 + c];
                    }

                    BlurLine(line.AsSpan(0, w), output.AsSpan(0, w), box);
                    for (var x = 0; x < w; x++)
                    {
                        data[(y * w + x) * 3 + c] = Round8(output[x]);
                    }
                }
            }
        }

        for (var pass = 0; pass < Passes; pass++)
        {
            for (var x = 0; x < w; x++)
            {
                for (var c = 0; c < 3; c++)
                {
                    for (var y = 0; y < h; y++)
                    {
                        line[y] = data[(y * w + x) * 3 + c];
                    }

                    BlurLine(line.AsSpan(0, h), output.AsSpan(0, h), box);
                    for (var y = 0; y < h; y++)
                    {
                        data[(y * w + x) * 3 + c] = Round8(output[y]);
                    }
                }
            }
        }

        return result;
    }

    /// <summary>
    /// One box pass of radius <c>r = n + f</c>: weights 1 for offsets within n, f for the two offsets n + 1, divided by
    /// <c>2r + 1</c>; indices outside the line clamp to the edge.
    /// </summary>
    private static void BlurLine(ReadOnlySpan<float> input, Span<float> output, double radius)
    {
        var n = (int)radius;
        var fraction = (float)(radius - n);
        var norm = (float)(1.0 / (2 * radius + 1));
        var last = input.Length - 1;
        for (var x = 0; x < input.Length; x++)
        {
            var sum = 0f;
            for (var k = -n; k <= n; k++)
            {
                sum += input[Math.Clamp(x + k, 0, last)];
            }

            sum += fraction * (input[Math.Clamp(x - n - 1, 0, last)] + input[Math.Clamp(x + n + 1, 0, last)]);
            output[x] = sum * norm;
        }
    }

    private static byte Round8(float value) => value <= 0 ? (byte)0 : value >= 255 ? (byte)255 : (byte)(value + 0.5f);
}
