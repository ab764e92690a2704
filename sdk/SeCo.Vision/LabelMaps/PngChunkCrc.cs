using System.Buffers.Binary;
using SeCo.Sdk.Errors;

namespace SeCo.Vision.LabelMaps;

/// <summary>
/// Checks the CRC of every chunk of a PNG before an image library decodes it, so a corrupted chunk
/// (an IDAT with a flipped bit) is reported as the CRC error it is rather than as whatever fault its
/// data then causes. The label decoder (<see cref="PngLabelDecoder"/>) checks CRCs as it reads.
/// </summary>
internal static class PngChunkCrc
{
    private static ReadOnlySpan<byte> Signature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>True when the bytes start with the PNG signature.</summary>
    public static bool IsPng(ReadOnlySpan<byte> bytes) => bytes.StartsWith(Signature);

    /// <summary>Walks the chunks up to IEND (or the end of the bytes) and throws on the first CRC mismatch.</summary>
    /// <exception cref="SeCoInputException">A chunk's stored CRC does not match its type and data.</exception>
    public static void Verify(ReadOnlySpan<byte> png, string sourceName)
    {
        var position = Signature.Length;
        while (png.Length - position >= 12)
        {
            var length = BinaryPrimitives.ReadUInt32BigEndian(png.Slice(position, 4));
            if (length > (uint)(png.Length - position - 12))
            {
                // Truncation is the decoder's to report.
                return;
            }

            var type = png.Slice(position + 4, 4);
            var data = png.Slice(position + 8, (int)length);
            var stored = BinaryPrimitives.ReadUInt32BigEndian(png.Slice(position + 8 + (int)length, 4));
            if (PngCrc32.Compute(type, data) != stored)
            {
                var name = string.Concat(type.ToArray().Select(b => b is >= 0x20 and < 0x7F ? (char)b : '?'));
                throw new SeCoInputException(sourceName, $"The PNG is corrupt: the CRC of chunk '{name}' at byte {position} does not match its data.");
            }

            if (type.SequenceEqual("IEND"u8))
            {
                return;
            }

            position += 12 + (int)length;
        }
    }
}
