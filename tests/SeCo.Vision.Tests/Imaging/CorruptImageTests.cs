using System.Buffers.Binary;
using SeCo.Sdk.Errors;
using SeCo.Vision.Imaging;
using SeCo.Vision.LabelMaps;

namespace SeCo.Vision.Tests.Imaging;

/// <summary>Corrupt image files fail with the fault they have, naming the file.</summary>
public sealed class CorruptImageTests
{
    [Fact]
    public void Png_with_a_bad_idat_crc_is_reported_as_a_crc_error()
    {
        var png = RgbImageIO.Encode(new RgbImage(8, 6), ".png");
        FlipFirstIdatDataByte(png);

        var act = () => RgbImageIO.Decode(png, "photo.png");

        act.Should().Throw<SeCoInputException>().Where(e => e.Location.File == "photo.png" && e.Message.Contains("CRC") && e.Message.Contains("IDAT"));
    }

    [Fact]
    public void Label_png_with_a_bad_idat_crc_is_reported_as_a_crc_error()
    {
        var png = LabelMapIO.Encode(new LabelMap(8, 6, new byte[48]), Palette.SeCoCityscapes);
        FlipFirstIdatDataByte(png);

        var act = () => LabelMapIO.Decode(png, "label.png");

        act.Should().Throw<SeCoInputException>().Where(e => e.Location.File == "label.png" && e.Message.Contains("CRC") && e.Message.Contains("IDAT"));
    }

    private static void FlipFirstIdatDataByte(byte[] png)
    {
        var position = 8;
        while (position + 8 <= png.Length)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(position));
            if (png.AsSpan(position + 4, 4).SequenceEqual("IDAT"u8))
            {
                png[position + 8 + (length / 2)] ^= 0x10;
                return;
            }

            position += 12 + length;
        }

        throw new InvalidOperationException("The PNG has no IDAT chunk.");
    }
}
