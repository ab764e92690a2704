using SeCo.Sdk.IO;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace SeCo.Plugins.Sources.Synthetic.Output;

/// <summary>Writes a sample's PNG files atomically (temporary file, then rename).</summary>
internal static class SampleWriter
{
    private static readonly PngEncoder s_rgbEncoder = new()
    {
        ColorType = PngColorType.Rgb,
        BitDepth = PngBitDepth.Bit8,
    };

    private static readonly PngEncoder s_labelEncoder = new()
    {
        ColorType = PngColorType.Grayscale,
        BitDepth = PngBitDepth.Bit8,
    };

    /// <summary>Writes interleaved RGB bytes as an 8-bit RGB PNG.</summary>
    public static void WriteRgb(string path, byte[] rgb, int width, int height)
    {
        using var image = Image.LoadPixelData<Rgb24>(rgb, width, height);
        AtomicFile.Write(path, stream => image.SaveAsPng(stream, s_rgbEncoder));
    }

    /// <summary>Writes a label map (value = train id, 255 = ignore) as an 8-bit grayscale PNG.</summary>
    public static void WriteLabels(string path, byte[] labels, int width, int height)
    {
        using var image = Image.LoadPixelData<L8>(labels, width, height);
        AtomicFile.Write(path, stream => image.SaveAsPng(stream, s_labelEncoder));
    }
}
