using System.Buffers.Binary;
using System.IO.Compression;

namespace SeCo.Vision.LabelMaps;

/// <summary>
/// Writes label maps as 8-bit palette PNGs (when a palette is given; pixel index = class id, the
/// format SeCo's reference writes with PIL) or 8-bit grayscale PNGs, non-interlaced, one IDAT chunk.
/// </summary>
internal static class PngLabelEncoder
{
    private const int MaxChunkData = 1 << 20;

    private static ReadOnlySpan<byte> Signature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Encodes <paramref name="map"/>.</summary>
    public static byte[] Encode(LabelMap map, Palette? palette, CompressionLevel level)
    {
        ArgumentNullException.ThrowIfNull(map);
        using var compressed = new MemoryStream(map.Data.Length / 8 + 1024);
        using (var zlib = new ZLibStream(compressed, level, leaveOpen: true))
        {
            // Filter type 0 (None) on every row: label maps are long runs of equal bytes, which
            // deflate already compresses well; prediction filters would only cost time.
            ReadOnlySpan<byte> none = [0];
            for (var y = 0; y < map.Height; y++)
            {
                zlib.Write(none);
                zlib.Write(map.Row(y));
            }
        }

        var idat = compressed.GetBuffer().AsSpan(0, (int)compressed.Length);
        var chunkCount = Math.Max(1, (idat.Length + MaxChunkData - 1) / MaxChunkData);
        var total = Signature.Length + (12 + 13) + (palette is null ? 0 : 12 + Palette.Size * 3) + idat.Length + 12 * chunkCount + 12;
        var png = new byte[total];
        var position = 0;
        Signature.CopyTo(png);
        position += Signature.Length;

        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(header, (uint)map.Width);
        BinaryPrimitives.WriteUInt32BigEndian(header[4..], (uint)map.Height);
        header[8] = 8;
        header[9] = palette is null ? (byte)0 : (byte)3;
        header[10] = 0;
        header[11] = 0;
        header[12] = 0;
        position = WriteChunk(png, position, "IHDR"u8, header);
        if (palette is not null)
        {
            position = WriteChunk(png, position, "PLTE"u8, palette.Bytes);
        }

        var offset = 0;
        do
        {
            var length = Math.Min(MaxChunkData, idat.Length - offset);
            position = WriteChunk(png, position, "IDAT"u8, idat.Slice(offset, length));
            offset += length;
        }
        while (offset < idat.Length);

        position = WriteChunk(png, position, "IEND"u8, []);
        return position == png.Length
            ? png
            : throw new InvalidOperationException($"PNG size miscomputed: wrote {position} of {png.Length} bytes.");
    }

    private static int WriteChunk(byte[] png, int position, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        var span = png.AsSpan(position);
        BinaryPrimitives.WriteUInt32BigEndian(span, (uint)data.Length);
        type.CopyTo(span[4..]);
        data.CopyTo(span[8..]);
        BinaryPrimitives.WriteUInt32BigEndian(span[(8 + data.Length)..], PngCrc32.Compute(type, data));
        return position + 12 + data.Length;
    }
}
