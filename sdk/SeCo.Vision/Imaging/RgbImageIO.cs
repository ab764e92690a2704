using System.Runtime.InteropServices;
using SeCo.Sdk.Errors;
using SeCo.Sdk.IO;
using SeCo.Vision.LabelMaps;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.PixelFormats;

namespace SeCo.Vision.Imaging;

/// <summary>
/// Reads images of any format ImageSharp knows (PNG, JPEG, BMP, ...) as 8-bit RGB, like PIL's
/// <c>Image.open(p).convert("RGB")</c>, and writes RGB images atomically.
/// </summary>
/// <remarks>
/// Before decoding, the size is read from the file header and checked against a pixel limit, so a
/// small file claiming a huge size (a decompression bomb) is refused without allocating its pixels.
/// EXIF orientation is not applied (neither does PIL).
/// </remarks>
public static class RgbImageIO
{
    /// <summary>The default largest accepted image: 100 million pixels (Cityscapes frames have 2.1 million).</summary>
    public const long DefaultMaxPixels = 100_000_000;

    /// <summary>Reads the width and height from the file header, without reading or decoding the pixels.</summary>
    /// <param name="path">The image file.</param>
    /// <exception cref="SeCoInputException">The file is missing, unreadable or not an image.</exception>
    public static (int Width, int Height) ReadSize(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        IImageInfo? info;
        try
        {
            using var stream = File.OpenRead(path);
            info = Image.Identify(stream);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new SeCoInputException(path, "The image does not exist.", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SeCoInputException(path, $"The image cannot be read: {e.Message}", e);
        }
        catch (Exception e) when (IsDecodeFault(e))
        {
            throw new SeCoInputException(path, $"The image header is corrupt: {e.Message}", e);
        }

        info = Validate(info, path);
        return (info.Width, info.Height);
    }

    /// <summary>Reads an image as RGB.</summary>
    /// <param name="path">The image file.</param>
    /// <param name="maxPixels">The largest accepted width × height.</param>
    /// <exception cref="SeCoInputException">The file is missing, unreadable, corrupt, not an image or too large.</exception>
    public static RgbImage Read(string path, long maxPixels = DefaultMaxPixels) =>
        Decode(ReadBytes(path), path, maxPixels);

    /// <summary>Decodes image bytes as RGB.</summary>
    /// <param name="bytes">The whole encoded file.</param>
    /// <param name="sourceName">Where the bytes come from (a file name), used in error messages.</param>
    /// <param name="maxPixels">The largest accepted width × height.</param>
    /// <exception cref="SeCoInputException">The bytes are corrupt, not an image or too large.</exception>
    public static RgbImage Decode(byte[] bytes, string sourceName, long maxPixels = DefaultMaxPixels)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPixels, 1);
        if (PngChunkCrc.IsPng(bytes))
        {
            PngChunkCrc.Verify(bytes, sourceName);
        }

        var info = Identify(bytes, sourceName);
        var pixels = (long)info.Width * info.Height;
        if (pixels > maxPixels)
        {
            throw new SeCoInputException(sourceName,
                $"The image is {info.Width}x{info.Height} = {pixels} pixels, more than the limit of {maxPixels}; expected a smaller image (or raise the limit).");
        }

        try
        {
            using var image = Image.Load<Rgb24>(bytes);
            var result = new RgbImage(image.Width, image.Height);
            image.CopyPixelDataTo(MemoryMarshal.Cast<byte, Rgb24>(result.Data.AsSpan()));
            return result;
        }
        catch (Exception e) when (IsDecodeFault(e))
        {
            throw new SeCoInputException(sourceName, $"The image is corrupt or truncated and cannot be decoded: {e.Message}", e);
        }
    }

    /// <summary>
    /// Writes an image atomically; the format follows the extension (<c>.png</c>, <c>.jpg</c>, <c>.bmp</c>, ...).
    /// </summary>
    /// <param name="path">The target file; its folder is created when missing.</param>
    /// <param name="image">The image.</param>
    public static void Write(string path, RgbImage image)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(image);
        var encoder = EncoderFor(path);
        using var output = Image.LoadPixelData<Rgb24>(MemoryMarshal.Cast<byte, Rgb24>(image.Data.AsSpan()), image.Width, image.Height);
        AtomicFile.Write(path, stream => output.Save(stream, encoder));
    }

    /// <summary>Encodes an image in the format named by <paramref name="extension"/> (e.g. <c>.png</c>).</summary>
    public static byte[] Encode(RgbImage image, string extension)
    {
        ArgumentNullException.ThrowIfNull(image);
        var encoder = EncoderFor(extension);
        using var output = Image.LoadPixelData<Rgb24>(MemoryMarshal.Cast<byte, Rgb24>(image.Data.AsSpan()), image.Width, image.Height);
        using var stream = new MemoryStream();
        output.Save(stream, encoder);
        return stream.ToArray();
    }

    private static IImageEncoder EncoderFor(string pathOrExtension)
    {
        var extension = Path.GetExtension(pathOrExtension).TrimStart('.');
        if (extension.Length == 0)
        {
            extension = pathOrExtension.TrimStart('.');
        }

        var manager = Configuration.Default.ImageFormatsManager;
        var format = manager.FindFormatByFileExtension(extension)
            ?? throw new ArgumentException($"No image encoder for extension '{extension}' ({pathOrExtension}).", nameof(pathOrExtension));
        return manager.FindEncoder(format)
            ?? throw new ArgumentException($"No image encoder for format {format.Name}.", nameof(pathOrExtension));
    }

    private static IImageInfo Identify(byte[] bytes, string sourceName)
    {
        IImageInfo? info;
        try
        {
            info = Image.Identify(bytes);
        }
        catch (Exception e) when (IsDecodeFault(e))
        {
            throw new SeCoInputException(sourceName, $"The image header is corrupt: {e.Message}", e);
        }

        return Validate(info, sourceName);
    }

    /// <summary>
    /// What a decoder of untrusted bytes may throw on a malformed file: besides ImageSharp's own format
    /// exceptions, its decoders can fail with index, argument or arithmetic errors on crafted headers.
    /// Those are faults of the file, not bugs of the caller, so they become the file's error.
    /// </summary>
    private static bool IsDecodeFault(Exception e) =>
        e is ImageFormatException or NotSupportedException or InvalidDataException or IndexOutOfRangeException
            or ArgumentException or ArithmeticException or InvalidOperationException or EndOfStreamException;

    private static IImageInfo Validate(IImageInfo? info, string sourceName)
    {
        if (info is null)
        {
            throw new SeCoInputException(sourceName, "The file is not an image in a known format; expected PNG, JPEG, BMP, GIF, TGA, TIFF or WebP.");
        }

        if (info.Width < 1 || info.Height < 1)
        {
            throw new SeCoInputException(sourceName, $"The image header declares a size of {info.Width}x{info.Height}; expected a non-empty image.");
        }

        return info;
    }

    private static byte[] ReadBytes(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new SeCoInputException(path, "The image does not exist.", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SeCoInputException(path, $"The image cannot be read: {e.Message}", e);
        }
    }
}
