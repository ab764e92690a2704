using System.Buffers.Binary;
using System.IO.Compression;
using SeCo.Sdk.Errors;

namespace SeCo.Vision.LabelMaps;

/// <summary>
/// Reads single-channel PNGs as label maps: palette PNGs give their palette <em>indices</em> (not
/// colours), grayscale PNGs their sample values. Decoding is done here rather than with an image
/// library because those map palette images to colours, and palettes of label PNGs repeat colours.
/// </summary>
internal static class PngLabelDecoder
{
    private const byte ColorTypeGray = 0;
    private const byte ColorTypeRgb = 2;
    private const byte ColorTypePalette = 3;
    private const byte ColorTypeGrayAlpha = 4;
    private const byte ColorTypeRgba = 6;

    private static ReadOnlySpan<byte> Signature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Decodes a PNG file's bytes.</summary>
    /// <param name="png">The whole file.</param>
    /// <param name="sourceName">The file name used in error messages.</param>
    /// <param name="maxPixels">The largest accepted width × height.</param>
    /// <param name="palette">The file's palette for palette PNGs, else null.</param>
    public static LabelMap Decode(ReadOnlySpan<byte> png, string sourceName, long maxPixels, out Palette? palette)
    {
        palette = null;
        if (png.Length < Signature.Length || !png[..Signature.Length].SequenceEqual(Signature))
        {
            throw Fail(sourceName, "is not a PNG file (the PNG signature is missing); expected an 8-bit palette or grayscale PNG label map.");
        }

        var header = default(Header);
        var sawHeader = false;
        var sawEnd = false;
        using var idat = new MemoryStream();
        var position = Signature.Length;
        while (position < png.Length)
        {
            if (png.Length - position < 12)
            {
                throw Fail(sourceName, $"is truncated: a chunk header at byte {position} is incomplete.");
            }

            var length = BinaryPrimitives.ReadUInt32BigEndian(png.Slice(position, 4));
            var type = png.Slice(position + 4, 4);
            if (length > (uint)(png.Length - position - 12))
            {
                throw Fail(sourceName, $"is truncated or corrupt: chunk '{TypeName(type)}' at byte {position} declares {length} bytes but only {png.Length - position - 12} remain.");
            }

            var data = png.Slice(position + 8, (int)length);
            var storedCrc = BinaryPrimitives.ReadUInt32BigEndian(png.Slice(position + 8 + (int)length, 4));
            if (PngCrc32.Compute(type, data) != storedCrc)
            {
                throw Fail(sourceName, $"is corrupt: the CRC of chunk '{TypeName(type)}' at byte {position} does not match its data.");
            }

            position += 12 + (int)length;
            if (!sawHeader)
            {
                if (!type.SequenceEqual("IHDR"u8))
                {
                    throw Fail(sourceName, $"is corrupt: the first chunk is '{TypeName(type)}', expected 'IHDR'.");
                }

                header = ReadHeader(data, sourceName, maxPixels);
                sawHeader = true;
                continue;
            }

            if (type.SequenceEqual("PLTE"u8))
            {
                if (length == 0 || length % 3 != 0 || length > 768)
                {
                    throw Fail(sourceName, $"is corrupt: its PLTE chunk has {length} bytes, expected a multiple of 3 up to 768.");
                }

                palette = Palette.FromPlte(data);
            }
            else if (type.SequenceEqual("IDAT"u8))
            {
                idat.Write(data);
            }
            else if (type.SequenceEqual("IEND"u8))
            {
                sawEnd = true;
                break;
            }
            else if ((type[0] & 0x20) == 0)
            {
                throw Fail(sourceName, $"has an unknown critical chunk '{TypeName(type)}'; expected a plain PNG label map.");
            }
        }

        if (!sawHeader)
        {
            throw Fail(sourceName, "is truncated: it has no IHDR chunk.");
        }

        if (!sawEnd)
        {
            throw Fail(sourceName, "is truncated: the IEND chunk is missing.");
        }

        if (header.ColorType == ColorTypePalette && palette is null)
        {
            throw Fail(sourceName, "is corrupt: it is a palette PNG without a PLTE chunk.");
        }

        if (header.ColorType == ColorTypeGray)
        {
            palette = null;
        }

        var rowBytes = (header.Width * header.BitDepth + 7) / 8;
        var filtered = Inflate(idat, header, rowBytes, sourceName);
        var map = new LabelMap(header.Width, header.Height);
        Unfilter(filtered, map, header, rowBytes, sourceName);
        return map;
    }

    private static Header ReadHeader(ReadOnlySpan<byte> data, string sourceName, long maxPixels)
    {
        if (data.Length != 13)
        {
            throw Fail(sourceName, $"is corrupt: its IHDR chunk has {data.Length} bytes, expected 13.");
        }

        var width = BinaryPrimitives.ReadUInt32BigEndian(data);
        var height = BinaryPrimitives.ReadUInt32BigEndian(data[4..]);
        var bitDepth = data[8];
        var colorType = data[9];
        if (width == 0 || height == 0 || width > int.MaxValue || height > int.MaxValue)
        {
            throw Fail(sourceName, $"is corrupt: its size is {width}x{height}.");
        }

        if ((long)width * height > maxPixels)
        {
            throw Fail(sourceName, $"is {width}x{height} = {(long)width * height} pixels, more than the {maxPixels} pixels a label map may have.");
        }

        if (colorType is not (ColorTypeGray or ColorTypePalette))
        {
            throw Fail(sourceName, $"is {DescribeColorType(colorType)}; expected a single-channel label map: an 8-bit palette PNG (pixel index = class id) or an 8-bit grayscale PNG (pixel value = class id).");
        }

        if (bitDepth is not (1 or 2 or 4 or 8))
        {
            throw Fail(sourceName, $"has bit depth {bitDepth}; expected an 8-bit (or 1/2/4-bit) {(colorType == ColorTypeGray ? "grayscale" : "palette")} PNG label map.");
        }

        if (data[10] != 0 || data[11] != 0)
        {
            throw Fail(sourceName, $"is corrupt: compression method {data[10]} / filter method {data[11]}, expected 0 / 0.");
        }

        if (data[12] != 0)
        {
            throw Fail(sourceName, data[12] == 1
                ? "is interlaced (Adam7); expected a non-interlaced PNG label map (re-save it without interlacing)."
                : $"is corrupt: interlace method {data[12]}.");
        }

        return new Header((int)width, (int)height, bitDepth, colorType);
    }

    private static byte[] Inflate(MemoryStream idat, Header header, int rowBytes, string sourceName)
    {
        var size = (long)header.Height * (rowBytes + 1);
        if (size > Array.MaxLength)
        {
            throw Fail(sourceName, $"is {header.Width}x{header.Height}, too large to decode.");
        }

        var filtered = new byte[size];
        idat.Position = 0;
        int read;
        try
        {
            using var zlib = new ZLibStream(idat, CompressionMode.Decompress, leaveOpen: true);
            read = zlib.ReadAtLeast(filtered, filtered.Length, throwOnEndOfStream: false);
        }
        catch (InvalidDataException e)
        {
            throw Fail(sourceName, "is corrupt: its image data (IDAT) is not a valid zlib stream.", e);
        }

        if (read < filtered.Length)
        {
            throw Fail(sourceName, $"is truncated: its image data holds {read} of the {filtered.Length} bytes a {header.Width}x{header.Height} image needs.");
        }

        return filtered;
    }

    private static void Unfilter(byte[] filtered, LabelMap map, Header header, int rowBytes, string sourceName)
    {
        // Filters operate on bytes with bpp = 1 for every single-channel format of depth <= 8.
        var previous = new byte[rowBytes];
        var current = header.BitDepth == 8 ? null : new byte[rowBytes];
        for (var y = 0; y < header.Height; y++)
        {
            var start = y * (rowBytes + 1);
            var filter = filtered[start];
            var source = filtered.AsSpan(start + 1, rowBytes);
            var target = current ?? map.Row(y);
            var prior = y == 0 ? (Span<byte>)previous : (current is null ? map.Row(y - 1) : previous);
            switch (filter)
            {
                case 0:
                    source.CopyTo(target);
                    break;
                case 1:
                    UnfilterSub(source, target);
                    break;
                case 2:
                    UnfilterUp(source, prior, target);
                    break;
                case 3:
                    UnfilterAverage(source, prior, target);
                    break;
                case 4:
                    UnfilterPaeth(source, prior, target);
                    break;
                default:
                    throw Fail(sourceName, $"is corrupt: row {y} uses filter type {filter}, expected 0 to 4.");
            }

            if (current is not null)
            {
                Unpack(current, map.Row(y), header.BitDepth);
                current.CopyTo(previous);
            }
        }
    }

    private static void UnfilterSub(ReadOnlySpan<byte> source, Span<byte> target)
    {
        byte left = 0;
        for (var i = 0; i < source.Length; i++)
        {
            left = (byte)(source[i] + left);
            target[i] = left;
        }
    }

    private static void UnfilterUp(ReadOnlySpan<byte> source, ReadOnlySpan<byte> prior, Span<byte> target)
    {
        for (var i = 0; i < source.Length; i++)
        {
            target[i] = (byte)(source[i] + prior[i]);
        }
    }

    private static void UnfilterAverage(ReadOnlySpan<byte> source, ReadOnlySpan<byte> prior, Span<byte> target)
    {
        var left = 0;
        for (var i = 0; i < source.Length; i++)
        {
            left = (byte)(source[i] + ((left + prior[i]) >> 1));
            target[i] = (byte)left;
        }
    }

    private static void UnfilterPaeth(ReadOnlySpan<byte> source, ReadOnlySpan<byte> prior, Span<byte> target)
    {
        int left = 0, upperLeft = 0;
        for (var i = 0; i < source.Length; i++)
        {
            int up = prior[i];
            var p = left + up - upperLeft;
            var pa = Math.Abs(p - left);
            var pb = Math.Abs(p - up);
            var pc = Math.Abs(p - upperLeft);
            var predictor = pa <= pb && pa <= pc ? left : pb <= pc ? up : upperLeft;
            left = (byte)(source[i] + predictor);
            target[i] = (byte)left;
            upperLeft = up;
        }
    }

    /// <summary>Expands 1/2/4-bit samples (most significant bits first) to one byte each, unscaled.</summary>
    private static void Unpack(ReadOnlySpan<byte> packed, Span<byte> pixels, int bitDepth)
    {
        var perByte = 8 / bitDepth;
        var mask = (1 << bitDepth) - 1;
        for (var x = 0; x < pixels.Length; x++)
        {
            var shift = 8 - bitDepth * (x % perByte + 1);
            pixels[x] = (byte)((packed[x / perByte] >> shift) & mask);
        }
    }

    private static string DescribeColorType(byte colorType) => colorType switch
    {
        ColorTypeRgb => "an RGB image (colour type 2)",
        ColorTypeGrayAlpha => "a grayscale image with alpha (colour type 4)",
        ColorTypeRgba => "an RGBA image (colour type 6)",
        _ => $"of unknown colour type {colorType}",
    };

    private static string TypeName(ReadOnlySpan<byte> type)
    {
        Span<char> chars = stackalloc char[4];
        for (var i = 0; i < 4; i++)
        {
            chars[i] = type[i] is >= 0x20 and < 0x7F ? (char)type[i] : '?';
        }

        return new string(chars);
    }

    private static SeCoInputException Fail(string sourceName, string message, Exception? inner = null) =>
        new(sourceName, $"The label map {message}", inner);

    private readonly record struct Header(int Width, int Height, byte BitDepth, byte ColorType);
}
