using SeCo.Sdk.Errors;
using SeCo.Sdk.IO;
using SeCo.Testing;
using SeCo.Vision.LabelMaps;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace SeCo.Vision.Tests.LabelMaps;

public sealed class LabelMapIOTests
{
    [Fact]
    public void Palette_png_round_trip_is_exact_for_every_byte_value()
    {
        var map = Pattern(67, 41);

        var decoded = LabelMapIO.Decode(LabelMapIO.Encode(map, Palette.SeCoCityscapes), "mem.png", out var palette);

        decoded.Data.Should().Equal(map.Data);
        palette!.Bytes.ToArray().Should().Equal(Palette.SeCoCityscapes.Bytes.ToArray());
    }

    [Fact]
    public void Grayscale_png_round_trip_is_exact_and_has_no_palette()
    {
        var map = Pattern(40, 9);

        var decoded = LabelMapIO.Decode(LabelMapIO.Encode(map), "mem.png", out var palette);

        decoded.Data.Should().Equal(map.Data);
        palette.Should().BeNull();
    }

    [Fact]
    public void Written_palette_png_decodes_in_imagesharp_to_the_palette_colours()
    {
        var map = Pattern(31, 17);
        var png = LabelMapIO.Encode(map, Palette.SeCoCityscapes);

        using var image = Image.Load<Rgb24>(png);

        image.Width.Should().Be(31);
        image.Height.Should().Be(17);
        for (var y = 0; y < map.Height; y++)
        {
            for (var x = 0; x < map.Width; x++)
            {
                var (r, g, b) = Palette.SeCoCityscapes[map[x, y]];
                image[x, y].Should().Be(new Rgb24(r, g, b), $"pixel ({x}, {y}) has class {map[x, y]}");
            }
        }
    }

    [Fact]
    public void Written_grayscale_png_decodes_in_imagesharp_to_the_class_ids()
    {
        var map = Pattern(23, 11);

        using var image = Image.Load<L8>(LabelMapIO.Encode(map));

        for (var y = 0; y < map.Height; y++)
        {
            for (var x = 0; x < map.Width; x++)
            {
                image[x, y].PackedValue.Should().Be(map[x, y]);
            }
        }
    }

    [Theory]
    [InlineData(PngFilterMethod.None)]
    [InlineData(PngFilterMethod.Sub)]
    [InlineData(PngFilterMethod.Up)]
    [InlineData(PngFilterMethod.Average)]
    [InlineData(PngFilterMethod.Paeth)]
    [InlineData(PngFilterMethod.Adaptive)]
    public void Every_row_filter_of_another_encoder_is_undone(PngFilterMethod filter)
    {
        var map = Noise(53, 29, seed: (int)filter);
        var png = EncodeWithImageSharp(map, new PngEncoder
        {
            ColorType = PngColorType.Grayscale,
            BitDepth = PngBitDepth.Bit8,
            FilterMethod = filter,
        });

        LabelMapIO.Decode(png, "filtered.png").Data.Should().Equal(map.Data);
    }

    [Theory]
    [InlineData(PngBitDepth.Bit1, 1)]
    [InlineData(PngBitDepth.Bit2, 3)]
    [InlineData(PngBitDepth.Bit4, 15)]
    public void Sub_byte_grayscale_samples_are_read_unscaled(PngBitDepth depth, int maxSample)
    {
        var samples = Noise(37, 13, seed: maxSample);
        var scale = 255 / maxSample;
        var scaled = new LabelMap(samples.Width, samples.Height);
        for (var i = 0; i < samples.Data.Length; i++)
        {
            samples.Data[i] = (byte)(samples.Data[i] % (maxSample + 1));
            scaled.Data[i] = (byte)(samples.Data[i] * scale);
        }

        var png = EncodeWithImageSharp(scaled, new PngEncoder { ColorType = PngColorType.Grayscale, BitDepth = depth });

        LabelMapIO.Decode(png, "packed.png").Data.Should().Equal(samples.Data);
    }

    [Fact]
    public void Rgb_png_is_refused_naming_the_file_and_the_expected_format()
    {
        using var image = new Image<Rgb24>(4, 4);
        using var stream = new MemoryStream();
        image.SaveAsPng(stream);

        var act = () => LabelMapIO.Decode(stream.ToArray(), "labels/aachen.png");

        act.Should().Throw<SeCoInputException>()
            .Where(e => e.Location.File == "labels/aachen.png")
            .WithMessage("*RGB*expected a single-channel label map*palette PNG*");
    }

    [Fact]
    public void Interlaced_png_is_refused()
    {
        var png = EncodeWithImageSharp(Pattern(16, 16), new PngEncoder
        {
            ColorType = PngColorType.Grayscale,
            BitDepth = PngBitDepth.Bit8,
            InterlaceMethod = PngInterlaceMode.Adam7,
        });

        var act = () => LabelMapIO.Decode(png, "x.png");

        act.Should().Throw<SeCoInputException>().WithMessage("*interlaced*");
    }

    [Fact]
    public void Sixteen_bit_png_is_refused()
    {
        var png = EncodeWithImageSharp(Pattern(8, 8), new PngEncoder { ColorType = PngColorType.Grayscale, BitDepth = PngBitDepth.Bit16 });

        var act = () => LabelMapIO.Decode(png, "x.png");

        act.Should().Throw<SeCoInputException>().WithMessage("*bit depth 16*");
    }

    [Theory]
    [InlineData(7)]
    [InlineData(20)]
    [InlineData(40)]
    [InlineData(-13)]
    [InlineData(-1)]
    public void Truncated_png_is_refused_naming_the_file(int keep)
    {
        var png = LabelMapIO.Encode(Noise(64, 64, seed: 3), Palette.SeCoCityscapes);
        var cut = png.AsSpan(0, keep > 0 ? keep : png.Length + keep).ToArray();

        var act = () => LabelMapIO.Decode(cut, "cut.png");

        act.Should().Throw<SeCoInputException>().Where(e => e.Location.File == "cut.png");
    }

    [Fact]
    public void Chunk_length_beyond_the_file_is_refused()
    {
        var png = LabelMapIO.Encode(Pattern(8, 8));
        png[8] = 0x7F; // IHDR length -> about 2 GB

        var act = () => LabelMapIO.Decode(png, "len.png");

        act.Should().Throw<SeCoInputException>().WithMessage("*declares*");
    }

    [Fact]
    public void Corrupt_image_data_is_refused()
    {
        var png = LabelMapIO.Encode(Noise(32, 32, seed: 5));
        var idat = png.AsSpan().IndexOf("IDAT"u8);
        png[idat + 6] ^= 0xFF;

        var act = () => LabelMapIO.Decode(png, "crc.png");

        act.Should().Throw<SeCoInputException>().WithMessage("*corrupt*");
    }

    [Fact]
    public void Text_file_is_refused_as_not_a_png()
    {
        var act = () => LabelMapIO.Decode("road sidewalk"u8, "notes.txt");

        act.Should().Throw<SeCoInputException>().WithMessage("*not a PNG*");
    }

    [Fact]
    public void Missing_file_is_an_input_error_naming_it()
    {
        using var temp = new TempDirectory();
        var path = temp.File("missing.png");

        var act = () => LabelMapIO.Read(path);

        act.Should().Throw<SeCoInputException>().Where(e => e.Location.File == path);
    }

    [Fact]
    public void Write_creates_the_folder_and_leaves_no_temporary_file()
    {
        using var temp = new TempDirectory();
        var path = temp.File("train", "aachen", "a.png");
        var map = Pattern(10, 5);

        LabelMapIO.Write(path, map, Palette.SeCoCityscapes);

        LabelMapIO.Read(path).Data.Should().Equal(map.Data);
        Directory.GetFiles(Path.GetDirectoryName(path)!).Should().ContainSingle()
            .Which.Should().NotContain(AtomicFile.TempMarker);
    }

    [Fact]
    public void Large_map_spanning_several_idat_chunks_round_trips()
    {
        var map = Noise(2048, 1024, seed: 11);

        var png = LabelMapIO.Encode(map, Palette.SeCoCityscapes);

        LabelMapIO.Decode(png, "big.png").Data.Should().Equal(map.Data);
    }

    private static LabelMap Pattern(int width, int height)
    {
        var map = new LabelMap(width, height);
        for (var i = 0; i < map.Data.Length; i++)
        {
            map.Data[i] = (byte)(i * 7 % 256);
        }

        return map;
    }

    private static LabelMap Noise(int width, int height, int seed)
    {
        var map = new LabelMap(width, height);
        new Random(seed).NextBytes(map.Data);
        return map;
    }

    private static byte[] EncodeWithImageSharp(LabelMap map, PngEncoder encoder)
    {
        using var image = Image.LoadPixelData<L8>(map.Data, map.Width, map.Height);
        using var stream = new MemoryStream();
        image.SaveAsPng(stream, encoder);
        return stream.ToArray();
    }
}
