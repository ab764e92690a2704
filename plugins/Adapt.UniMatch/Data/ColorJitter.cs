using SeCo.Vision.Imaging;

namespace SeCo.Plugins.Adapt.UniMatch.Data;

/// <summary>
/// torchvision <c>ColorJitter(brightness, contrast, saturation, hue)</c> on a PIL RGB image: the four adjustments in a
/// random order (<c>randperm(4)</c>), factors uniform in <c>[1 − b, 1 + b]</c> etc. and a hue shift in
/// <c>[−h, h]</c>, each applied the way Pillow's <c>ImageEnhance</c> and HSV conversion do it (8-bit, truncating blends).
/// </summary>
public sealed class ColorJitter
{
    /// <summary>Creates the jitter; UniMatch uses (0.5, 0.5, 0.5, 0.25).</summary>
    public ColorJitter(double brightness = 0.5, double contrast = 0.5, double saturation = 0.5, double hue = 0.25)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(brightness);
        ArgumentOutOfRangeException.ThrowIfNegative(contrast);
        ArgumentOutOfRangeException.ThrowIfNegative(saturation);
        ArgumentOutOfRangeException.ThrowIfNegative(hue);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(hue, 0.5);
        Brightness = brightness;
        Contrast = contrast;
        Saturation = saturation;
        Hue = hue;
    }

    /// <summary>Brightness jitter b (factor in [max(0, 1 − b), 1 + b]).</summary>
    public double Brightness { get; }

    /// <summary>Contrast jitter.</summary>
    public double Contrast { get; }

    /// <summary>Saturation jitter.</summary>
    public double Saturation { get; }

    /// <summary>Hue jitter (shift in [−hue, hue] of a full turn).</summary>
    public double Hue { get; }

    /// <summary>Draws the order and the factors, then adjusts a copy of <paramref name="image"/>.</summary>
    public RgbImage Apply(RgbImage image, IRandomSource random)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(random);
        Span<int> order = [0, 1, 2, 3];
        for (var i = order.Length - 1; i > 0; i--)
        {
            var j = random.NumpyRandInt(0, i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }

        var brightness = random.Uniform(Math.Max(0, 1 - Brightness), 1 + Brightness);
        var contrast = random.Uniform(Math.Max(0, 1 - Contrast), 1 + Contrast);
        var saturation = random.Uniform(Math.Max(0, 1 - Saturation), 1 + Saturation);
        var hue = random.Uniform(-Hue, Hue);
        var result = new RgbImage(image.Width, image.Height, (byte[])image.Data.Clone());
        foreach (var op in order)
        {
            switch (op)
            {
                case 0:
                    AdjustBrightness(result.Data, brightness);
                    break;
                case 1:
                    AdjustContrast(result.Data, contrast);
                    break;
                case 2:
                    AdjustSaturation(result.Data, saturation);
                    break;
                default:
                    AdjustHue(result.Data, hue);
                    break;
            }
        }

        return result;
    }

    /// <summary>PIL's RGB to "L": <c>(R·19595 + G·38470 + B·7471 + 0x8000) &gt;&gt; 16</c>.</summary>
    public static byte Luma(byte r, byte g, byte b) => (byte)((r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16);

    /// <summary><c>ImageEnhance.Brightness</c>: blend with black.</summary>
    public static void AdjustBrightness(Span<byte> rgb, double factor)
    {
        for (var i = 0; i < rgb.Length; i++)
        {
            rgb[i] = Blend(0, rgb[i], factor);
        }
    }

    /// <summary><c>ImageEnhance.Contrast</c>: blend with the rounded mean of the "L" image.</summary>
    public static void AdjustContrast(Span<byte> rgb, double factor)
    {
        long sum = 0;
        var pixels = rgb.Length / 3;
        for (var i = 0; i < pixels; i++)
        {
            sum += Luma(rgb[i * 3], rgb[i * 3 + 1], rgb[i * 3 + 2]);
        }

        var mean = pixels == 0 ? 0 : (int)((double)sum / pixels + 0.5);
        for (var i = 0; i < rgb.Length; i++)
        {
            rgb[i] = Blend(mean, rgb[i], factor);
        }
    }

    /// <summary><c>ImageEnhance.Color</c>: blend with the grey ("L") version of each pixel.</summary>
    public static void AdjustSaturation(Span<byte> rgb, double factor)
    {
        for (var i = 0; i < rgb.Length; i += 3)
        {
            int grey = Luma(rgb[i], rgb[i + 1], rgb[i + 2]);
            rgb[i] = Blend(grey, rgb[i], factor);
            rgb[i + 1] = Blend(grey, rgb[i + 1], factor);
            rgb[i + 2] = Blend(grey, rgb[i + 2], factor);
        }
    }

    /// <summary>torchvision <c>adjust_hue</c> on PIL: to HSV, add <c>uint8(hue·255)</c> to H with wrap-around, back to RGB.</summary>
    public static void AdjustHue(Span<byte> rgb, double hue)
    {
        var shift = unchecked((byte)(int)(hue * 255));
        for (var i = 0; i < rgb.Length; i += 3)
        {
            var (h, s, v) = RgbToHsv(rgb[i], rgb[i + 1], rgb[i + 2]);
            var (r, g, b) = HsvToRgb(unchecked((byte)(h + shift)), s, v);
            rgb[i] = r;
            rgb[i + 1] = g;
            rgb[i + 2] = b;
        }
    }

    /// <summary>Pillow <c>rgb2hsv_row</c>.</summary>
    public static (byte H, byte S, byte V) RgbToHsv(byte r, byte g, byte b)
    {
        int maxc = Math.Max(r, Math.Max(g, b));
        int minc = Math.Min(r, Math.Min(g, b));
        if (minc == maxc)
        {
            return (0, 0, (byte)maxc);
        }

        var cr = (float)(maxc - minc);
        var s = cr / maxc;
        var rc = (maxc - r) / cr;
        var gc = (maxc - g) / cr;
        var bc = (maxc - b) / cr;
        float h;
        if (r == maxc)
        {
            h = bc - gc;
        }
        else if (g == maxc)
        {
            h = 2.0f + rc - bc;
        }
        else
        {
            h = 4.0f + gc - rc;
        }

        h = (float)(((h / 6.0) + 1.0) % 1.0);
        return (Clip8((int)(h * 255.0)), Clip8((int)(s * 255.0)), (byte)maxc);
    }

    /// <summary>Pillow <c>hsv2rgb</c>.</summary>
    public static (byte R, byte G, byte B) HsvToRgb(byte h, byte s, byte v)
    {
        if (s == 0)
        {
            return (v, v, v);
        }

        var i = (int)Math.Floor(h * 6.0 / 255.0);
        var f = (h * 6.0 / 255.0) - i;
        var fs = s / 255.0;
        var p = Clip8((int)Math.Round(v * (1.0 - fs)));
        var q = Clip8((int)Math.Round(v * (1.0 - fs * f)));
        var t = Clip8((int)Math.Round(v * (1.0 - fs * (1.0 - f))));
        return (i % 6) switch
        {
            0 => (v, t, p),
            1 => (q, v, p),
            2 => (p, v, t),
            3 => (p, q, v),
            4 => (t, p, v),
            _ => (v, p, q),
        };
    }

    /// <summary>Pillow <c>ImagingBlend(degenerate, image, factor)</c>: interpolation truncates, extrapolation clips.</summary>
    private static byte Blend(int degenerate, int value, double factor)
    {
        var result = degenerate + factor * (value - degenerate);
        if (factor is >= 0 and <= 1)
        {
            return (byte)(int)result;
        }

        var temp = (float)result;
        return temp <= 0 ? (byte)0 : temp >= 255 ? (byte)255 : (byte)(int)temp;
    }

    private static byte Clip8(int value) => value <= 0 ? (byte)0 : value >= 255 ? (byte)255 : (byte)value;
}
