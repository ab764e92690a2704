using System.Buffers.Binary;
using SeCo.Sdk.Errors;
using SeCo.Sdk.IO;
using SeCo.Testing;
using SeCo.Vision.Imaging;

namespace SeCo.Vision.Tests.Imaging;

public sealed class RgbImageIOTests
{
    [Fact]
    public void Png_round_trip_is_exact()
    {
        using var temp = new TempDirectory();
        var image = Noise(37, 21);
        var path = temp.File("out", "image.png");

        RgbImageIO.Write(path, image);

        RgbImageIO.Read(path).Data.Should().Equal(image.Data);
        Directory.GetFiles(temp.File("out")).Should().ContainSingle().Which.Should().NotContain(AtomicFile.TempMarker);
    }

    [Fact]
    public void Jpeg_is_written_and_read_back_close_to_the_original()
    {
        using var temp = new TempDirectory();
        var image = new RgbImage(32, 16);
        for (var y = 0; y < 16; y++)
        {
            for (var x = 0; x < 32; x++)
            {
                image[x, y] = ((byte)(x * 8), (byte)(y * 16), 128);
            }
        }

        var path = temp.File("image.jpg");
        RgbImageIO.Write(path, image);
        var read = RgbImageIO.Read(path);

        read.Width.Should().Be(32);
        read.Height.Should().Be(16);
        read.Data.Zip(image.Data, (a, b) => Math.Abs(a - b)).Average().Should().BeLessThan(8);
    }

    [Fact]
    public void Size_is_read_from_the_header()
    {
        using var temp = new TempDirectory();
        var path = temp.File("image.png");
        RgbImageIO.Write(path, Noise(13, 7));

        RgbImageIO.ReadSize(path).Should().Be((13, 7));
    }

    [Fact]
    public void Image_larger_than_the_pixel_limit_is_refused_before_decoding()
    {
        // A valid 2x2 PNG whose header claims 60000x60000 (3.6 gigapixels): a decompression bomb.
        var png = RgbImageIO.Encode(Noise(2, 2), ".png");
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(16), 60000);
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(20), 60000);
        FixIhdrCrc(png);

        var act = () => RgbImageIO.Decode(png, "bomb.png");

        act.Should().Throw<SeCoInputException>()
            .Where(e => e.Location.File == "bomb.png")
            .WithMessage("*60000x60000*more than the limit of 100000000*");
    }

    [Fact]
    public void Pixel_limit_is_configurable()
    {
        var png = RgbImageIO.Encode(Noise(10, 10), ".png");

        var act = () => RgbImageIO.Decode(png, "small.png", maxPixels: 99);

        act.Should().Throw<SeCoInputException>().WithMessage("*limit of 99*");
        RgbImageIO.Decode(png, "small.png", maxPixels: 100).Width.Should().Be(10);
    }

    [Fact]
    public void Non_image_file_is_refused_naming_it()
    {
        var act = () => RgbImageIO.Decode("hello, world"u8.ToArray(), "notes.txt");

        act.Should().Throw<SeCoInputException>()
            .Where(e => e.Location.File == "notes.txt")
            .WithMessage("*not an image*");
    }

    [Fact]
    public void Corrupt_image_data_is_an_input_error()
    {
        var png = RgbImageIO.Encode(Noise(64, 64), ".png");
        var idat = png.AsSpan().IndexOf("IDAT"u8);
        png.AsSpan(idat + 4, 64).Fill(0xFF);

        var act = () => RgbImageIO.Decode(png, "corrupt.png");

        act.Should().Throw<SeCoInputException>().Where(e => e.Location.File == "corrupt.png");
    }

    [Fact]
    public void Truncated_image_is_an_input_error()
    {
        var png = RgbImageIO.Encode(Noise(64, 64), ".png");

        var act = () => RgbImageIO.Decode(png[..(png.Length / 2)], "cut.png");

        act.Should().Throw<SeCoInputException>().Where(e => e.Location.File == "cut.png");
    }

    [Fact]
    public void Missing_file_is_an_input_error()
    {
        using var temp = new TempDirectory();

        var act = () => RgbImageIO.Read(temp.File("nope.png"));

        act.Should().Throw<SeCoInputException>().WithMessage("*does not exist*");
    }

    private static RgbImage Noise(int width, int height)
    {
        var image = new RgbImage(width, height);
        new Random(width * 31 + height).NextBytes(image.Data);
        return image;
    }

    private static void FixIhdrCrc(byte[] png)
    {
        // CRC-32 of "IHDR" + 13 data bytes, stored after them.
        uint crc = 0xFFFFFFFF;
        foreach (var b in png.AsSpan(12, 17))
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320 ^ (crc >> 1) : crc >> 1;
            }
        }

        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(29), crc ^ 0xFFFFFFFF);
    }
}
