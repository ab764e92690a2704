using SeCo.Vision.Imaging;
using SeCo.Vision.LabelMaps;

namespace SeCo.Plugins.Adapt.UniMatch.Data;

/// <summary>
/// UniMatch's geometric train transforms (<c>dataset/transform.py</c>): random resize by the long side, pad and
/// random crop, horizontal flip, and <c>normalize</c>.
/// </summary>
public static class TrainTransforms
{
    /// <summary>ImageNet mean (RGB) used by <see cref="Normalize"/>.</summary>
    public static readonly float[] Mean = [0.485f, 0.456f, 0.406f];

    /// <summary>ImageNet standard deviation (RGB) used by <see cref="Normalize"/>.</summary>
    public static readonly float[] Std = [0.229f, 0.224f, 0.225f];

    /// <summary>
    /// The resized size for a long side <paramref name="longSide"/>: the long side becomes it, the short side
    /// <c>trunc(short · L / long + 0.5)</c> (width wins ties, as in the reference's <c>h &gt; w</c> test).
    /// </summary>
    public static (int Width, int Height) ResizedSize(int width, int height, int longSide) =>
        height > width
            ? ((int)(1.0 * width * longSide / height + 0.5), longSide)
            : (longSide, (int)(1.0 * height * longSide / width + 0.5));

    /// <summary>
    /// <c>resize(img, mask, (low, high))</c>: <c>L = randint(trunc(low·max(h,w)), trunc(high·max(h,w)))</c>, image with
    /// PIL's antialiased bilinear filter, mask with PIL's nearest filter.
    /// </summary>
    public static (RgbImage Image, LabelMap Mask) RandomResize(RgbImage image, LabelMap mask, IRandomSource random, double low = 0.5, double high = 2.0)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(mask);
        ArgumentNullException.ThrowIfNull(random);
        var longest = Math.Max(image.Width, image.Height);
        var longSide = random.RandInt((int)(longest * low), (int)(longest * high));
        var (width, height) = ResizedSize(image.Width, image.Height, longSide);
        return (PillowResample.Resize(image, width, height, PillowFilter.Bilinear), PilNearest(mask, width, height));
    }

    /// <summary>
    /// PIL <c>Image.resize(size, NEAREST)</c> for 8-bit maps: output pixel <c>x</c> samples source column
    /// <c>floor((x + 0.5) · in / out)</c>, likewise rows.
    /// </summary>
    public static LabelMap PilNearest(LabelMap map, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(map);
        if (width == map.Width && height == map.Height)
        {
            return map;
        }

        var columns = new int[width];
        var scaleX = (double)map.Width / width;
        for (var x = 0; x < width; x++)
        {
            columns[x] = Math.Min(map.Width - 1, (int)((x + 0.5) * scaleX));
        }

        var scaleY = (double)map.Height / height;
        var result = new LabelMap(width, height);
        for (var y = 0; y < height; y++)
        {
            ReadOnlySpan<byte> source = map.Row(Math.Min(map.Height - 1, (int)((y + 0.5) * scaleY)));
            var target = result.Row(y);
            for (var x = 0; x < width; x++)
            {
                target[x] = source[columns[x]];
            }
        }

        return result;
    }

    /// <summary>
    /// <c>crop(img, mask, size, ignore_value)</c>: pads right/bottom to at least <paramref name="size"/> (image with 0,
    /// mask with <paramref name="maskFill"/>), then crops at <c>x = randint(0, w − size)</c>, <c>y = randint(0, h − size)</c>.
    /// </summary>
    public static (RgbImage Image, LabelMap Mask) RandomCrop(RgbImage image, LabelMap mask, int size, byte maskFill, IRandomSource random)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(mask);
        ArgumentNullException.ThrowIfNull(random);
        var width = Math.Max(image.Width, size);
        var height = Math.Max(image.Height, size);
        var x = random.RandInt(0, width - size);
        var y = random.RandInt(0, height - size);
        var croppedImage = new RgbImage(size, size);
        var croppedMask = new LabelMap(size, size);
        croppedMask.Data.AsSpan().Fill(maskFill);
        for (var row = 0; row < size; row++)
        {
            var sy = y + row;
            if (sy >= image.Height)
            {
                break;
            }

            var count = Math.Min(size, image.Width - x);
            if (count <= 0)
            {
                continue;
            }

            image.Row(sy).Slice(x * 3, count * 3).CopyTo(croppedImage.Row(row));
            mask.Row(sy).Slice(x, count).CopyTo(croppedMask.Row(row));
        }

        return (croppedImage, croppedMask);
    }

    /// <summary><c>hflip(img, mask, p)</c>: mirrors both left-right when <c>random() &lt; p</c>.</summary>
    public static (RgbImage Image, LabelMap Mask) RandomHorizontalFlip(RgbImage image, LabelMap mask, IRandomSource random, double p = 0.5)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(mask);
        ArgumentNullException.ThrowIfNull(random);
        if (random.Random() >= p)
        {
            return (image, mask);
        }

        var flippedImage = new RgbImage(image.Width, image.Height);
        var flippedMask = new LabelMap(mask.Width, mask.Height);
        for (var y = 0; y < image.Height; y++)
        {
            ReadOnlySpan<byte> sourceRow = image.Row(y);
            var targetRow = flippedImage.Row(y);
            for (var x = 0; x < image.Width; x++)
            {
                var s = (image.Width - 1 - x) * 3;
                targetRow[x * 3] = sourceRow[s];
                targetRow[x * 3 + 1] = sourceRow[s + 1];
                targetRow[x * 3 + 2] = sourceRow[s + 2];
            }

            ReadOnlySpan<byte> sourceMask = mask.Row(y);
            var targetMask = flippedMask.Row(y);
            for (var x = 0; x < mask.Width; x++)
            {
                targetMask[x] = sourceMask[mask.Width - 1 - x];
            }
        }

        return (flippedImage, flippedMask);
    }

    /// <summary>
    /// <c>normalize(img)</c>: <c>ToTensor</c> (÷255, CHW) then ImageNet mean/std, written into
    /// <paramref name="destination"/> (length <c>3·H·W</c>).
    /// </summary>
    public static void Normalize(RgbImage image, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(image);
        var plane = image.Width * image.Height;
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, 3 * plane);
        ReadOnlySpan<byte> data = image.Data;
        for (var c = 0; c < 3; c++)
        {
            var mean = Mean[c];
            var std = Std[c];
            var target = destination.Slice(c * plane, plane);
            for (var i = 0; i < plane; i++)
            {
                target[i] = (data[i * 3 + c] / 255f - mean) / std;
            }
        }
    }
}
