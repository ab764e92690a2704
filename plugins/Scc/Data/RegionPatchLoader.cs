using SeCo.Sdk.Errors;
using SeCo.Vision.Imaging;

namespace SeCo.Plugins.Scc.Data;

/// <summary>
/// Produces <see cref="RegionPatch"/>es exactly like <c>BaseCityscapes.__getitem__</c>: scale mask and box to the
/// image with <c>ceil</c> factors, crop the <see cref="PatchRegion"/>, resize (bilinear image, nearest mask), reverse
/// RGB to BGR and normalise with the ImageNet RGB statistics (the reference's quirk), optionally mirror.
/// Unlike the reference it never mutates the stored box, so repeated loads of a sample are identical.
/// Decoded images are kept in a <see cref="DecodedImageCache"/> (256 MiB by default), so regions of one image decode
/// it once. Not thread-safe: use one loader per thread.
/// </summary>
public sealed class RegionPatchLoader
{
    private static readonly double[] s_mean = [0.485, 0.456, 0.406];
    private static readonly double[] s_std = [0.229, 0.224, 0.225];

    /// <summary>Default budget of decoded images per loader.</summary>
    public const long DefaultImageCacheBytes = 256L << 20;

    private readonly DecodedImageCache _images;
    private byte[] _maskBuffer = [];

    /// <summary>Creates a loader producing <paramref name="height"/> x <paramref name="width"/> patches.</summary>
    /// <param name="height">Patch height.</param>
    /// <param name="width">Patch width.</param>
    /// <param name="imageCacheBytes">Budget of decoded images kept for later regions (the last one is always kept).</param>
    public RegionPatchLoader(int height = 256, int width = 512, long imageCacheBytes = DefaultImageCacheBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        Height = height;
        Width = width;
        _images = new DecodedImageCache(imageCacheBytes);
    }

    /// <summary>Patch height.</summary>
    public int Height { get; }

    /// <summary>Patch width.</summary>
    public int Width { get; }

    /// <summary>Loads the patch of <paramref name="sample"/>; <paramref name="mirror"/> flips it horizontally.</summary>
    /// <exception cref="SeCoInputException">The region's box does not fit the image.</exception>
    public RegionPatch Load(RegionSample sample, bool mirror = false)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var image = ImageOf(sample.ImagePath);
        var maskHeight = sample.Mask.Height;
        var maskWidth = sample.Mask.Width;
        var fx = (int)Math.Ceiling((double)image.Height / maskHeight);
        var fy = (int)Math.Ceiling((double)image.Width / maskWidth);

        // Reference naming: fx (from heights) scales x/w and the mask horizontally, fy (from widths) y/h and vertically.
        var box = sample.Box;
        PatchRegion region;
        try
        {
            region = PatchRegion.Around(image.Height, image.Width,
                (double)fx * box.X, (double)fy * box.Y, (double)fx * box.Width, (double)fy * box.Height, Height, Width);
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new SeCoInputException(sample.ImagePath,
                $"Region box [{box.X}, {box.Y}, {box.Width}, {box.Height}] of {sample.Name} scaled by {fx}x{fy} is larger than the {image.Width}x{image.Height} image; expected region boxes inside the image.", e);
        }

        var imageOut = new float[3 * Height * Width];
        FillImage(image, region, mirror, imageOut);
        var maskOut = new byte[Height * Width];
        FillMask(sample, fx, fy, region, mirror, maskOut);
        return new RegionPatch(imageOut, maskOut, sample.Label, region);
    }

    private RgbImage ImageOf(string path) => _images.Get(path, static p => RgbImageIO.Read(p));

    private void FillImage(RgbImage image, PatchRegion region, bool mirror, float[] output)
    {
        var cropWidth = region.Width;
        var cropHeight = region.Height;
        var crop = new float[cropWidth * cropHeight * 3];
        for (var y = 0; y < cropHeight; y++)
        {
            var row = image.Row(region.Top + y).Slice(region.Left * 3, cropWidth * 3);
            var target = crop.AsSpan(y * cropWidth * 3, cropWidth * 3);
            for (var i = 0; i < row.Length; i++)
            {
                target[i] = row[i];
            }
        }

        var resized = cropWidth == Width && cropHeight == Height ? crop : new float[Width * Height * 3];
        if (!ReferenceEquals(resized, crop))
        {
            OpenCvResize.Linear(crop, cropWidth, cropHeight, resized, Width, Height);
        }

        var plane = Width * Height;
        for (var c = 0; c < 3; c++)
        {
            // Channel c of the output is BGR channel c, i.e. RGB channel 2 - c, normalised with RGB statistics of index c.
            var source = 2 - c;
            var mean = s_mean[c];
            var std = s_std[c];
            var target = output.AsSpan(c * plane, plane);
            for (var y = 0; y < Height; y++)
            {
                var rowOffset = y * Width;
                for (var x = 0; x < Width; x++)
                {
                    var value = resized[(rowOffset + x) * 3 + source] / 255f;
                    value = (float)(value - mean);
                    value = (float)(value / std);
                    target[rowOffset + (mirror ? Width - 1 - x : x)] = value;
                }
            }
        }
    }

    private void FillMask(RegionSample sample, int fx, int fy, PatchRegion region, bool mirror, byte[] output)
    {
        var maskHeight = sample.Mask.Height;
        var maskWidth = sample.Mask.Width;
        if (_maskBuffer.Length < maskHeight * maskWidth)
        {
            _maskBuffer = new byte[maskHeight * maskWidth];
        }

        var mask = _maskBuffer.AsSpan(0, maskHeight * maskWidth);
        sample.Mask.Decode(mask);

        // The scaled mask (cv2.resize with fx horizontally, fy vertically), cropped like NumPy slicing (clipped).
        var scaledWidth = (int)Math.Round(maskWidth * (double)fx, MidpointRounding.ToEven);
        var scaledHeight = (int)Math.Round(maskHeight * (double)fy, MidpointRounding.ToEven);
        var cropTop = Math.Min(region.Top, scaledHeight);
        var cropLeft = Math.Min(region.Left, scaledWidth);
        var cropHeight = Math.Min(region.Bottom, scaledHeight) - cropTop;
        var cropWidth = Math.Min(region.Right, scaledWidth) - cropLeft;
        if (cropHeight <= 0 || cropWidth <= 0)
        {
            Array.Clear(output);
            return;
        }

        var columns = new int[Width];
        var rows = new int[Height];
        OpenCvResize.NearestIndices(columns, cropWidth, (double)Width / cropWidth);
        OpenCvResize.NearestIndices(rows, cropHeight, (double)Height / cropHeight);
        var scaleToMaskX = new int[cropWidth];
        var scaleToMaskY = new int[cropHeight];
        var fullColumns = new int[scaledWidth];
        var fullRows = new int[scaledHeight];
        OpenCvResize.NearestIndices(fullColumns, maskWidth, fx);
        OpenCvResize.NearestIndices(fullRows, maskHeight, fy);
        for (var x = 0; x < cropWidth; x++)
        {
            scaleToMaskX[x] = fullColumns[cropLeft + x];
        }

        for (var y = 0; y < cropHeight; y++)
        {
            scaleToMaskY[y] = fullRows[cropTop + y];
        }

        for (var y = 0; y < Height; y++)
        {
            var source = mask.Slice(scaleToMaskY[rows[y]] * maskWidth, maskWidth);
            var target = output.AsSpan(y * Width, Width);
            for (var x = 0; x < Width; x++)
            {
                target[mirror ? Width - 1 - x : x] = source[scaleToMaskX[columns[x]]];
            }
        }
    }
}
