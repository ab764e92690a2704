using System.IO.Compression;
using SeCo.Sdk.Errors;
using SeCo.Sdk.IO;

namespace SeCo.Vision.LabelMaps;

/// <summary>
/// Reads and writes label maps as PNG files compatible with PIL/NumPy: <c>np.array(Image.open(p))</c>
/// gives the same class ids this class reads or wrote.
/// </summary>
/// <remarks>
/// Reading accepts non-interlaced palette PNGs (the palette <em>index</em> is the class id, whatever
/// the colours) and grayscale PNGs (the sample value is the class id) of bit depth 8, 4, 2 or 1;
/// sub-byte samples are not rescaled. RGB label maps, 16-bit and interlaced PNGs are refused with a
/// <see cref="SeCoInputException"/>, as are corrupt or truncated files (chunk lengths and CRCs are checked).
/// </remarks>
public static class LabelMapIO
{
    /// <summary>
    /// The largest label map (width × height) read: a guard against files whose header claims a size
    /// that would exhaust memory. 2^28 pixels, about 128 Cityscapes frames.
    /// </summary>
    public const long MaxPixels = 1L << 28;

    /// <summary>Reads a PNG label map.</summary>
    /// <param name="path">The PNG file.</param>
    /// <exception cref="SeCoInputException">The file is missing, unreadable, corrupt or not a single-channel PNG.</exception>
    public static LabelMap Read(string path) => Read(path, out _);

    /// <summary>Reads a PNG label map and its palette (null for grayscale PNGs).</summary>
    /// <param name="path">The PNG file.</param>
    /// <param name="palette">The file's palette, or null.</param>
    /// <exception cref="SeCoInputException">The file is missing, unreadable, corrupt or not a single-channel PNG.</exception>
    public static LabelMap Read(string path, out Palette? palette)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new SeCoInputException(path, "The label map does not exist; expected a PNG file.", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SeCoInputException(path, $"The label map cannot be read: {e.Message}", e);
        }

        return PngLabelDecoder.Decode(bytes, path, MaxPixels, out palette);
    }

    /// <summary>Decodes PNG bytes into a label map.</summary>
    /// <param name="pngBytes">The whole PNG file.</param>
    /// <param name="sourceName">Where the bytes come from (a file name), used in error messages.</param>
    /// <exception cref="SeCoInputException">The bytes are corrupt or not a single-channel PNG.</exception>
    public static LabelMap Decode(ReadOnlySpan<byte> pngBytes, string sourceName) =>
        PngLabelDecoder.Decode(pngBytes, sourceName, MaxPixels, out _);

    /// <summary>Decodes PNG bytes into a label map and its palette (null for grayscale PNGs).</summary>
    public static LabelMap Decode(ReadOnlySpan<byte> pngBytes, string sourceName, out Palette? palette) =>
        PngLabelDecoder.Decode(pngBytes, sourceName, MaxPixels, out palette);

    /// <summary>Encodes a label map as PNG bytes.</summary>
    /// <param name="map">The label map.</param>
    /// <param name="palette">With a palette: an 8-bit palette PNG (pixel index = class id); without: 8-bit grayscale.</param>
    public static byte[] Encode(LabelMap map, Palette? palette = null) =>
        PngLabelEncoder.Encode(map, palette, CompressionLevel.Fastest);

    /// <summary>Writes a label map as a PNG file atomically (temporary file, then rename).</summary>
    /// <param name="path">The target file; its folder is created when missing.</param>
    /// <param name="map">The label map.</param>
    /// <param name="palette">With a palette: an 8-bit palette PNG (pixel index = class id); without: 8-bit grayscale.</param>
    public static void Write(string path, LabelMap map, Palette? palette = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        AtomicFile.WriteAllBytes(path, Encode(map, palette));
    }
}
