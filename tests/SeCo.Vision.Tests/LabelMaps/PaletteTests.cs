using SeCo.Vision.LabelMaps;

namespace SeCo.Vision.Tests.LabelMaps;

public sealed class PaletteTests
{
    [Fact]
    public void Seco_palette_bytes_match_the_datasets_spec_oracle()
    {
        var bytes = Palette.SeCoCityscapes.Bytes;

        bytes.Length.Should().Be(768);
        bytes[..9].ToArray().Should().Equal(0x80, 0x40, 0x80, 0xF4, 0x23, 0xE8, 0x46, 0x46, 0x46);
        Palette.SeCoCityscapes[10].Should().Be(((byte)0x00, (byte)0x82, (byte)0xB4));
        Palette.SeCoCityscapes[18].Should().Be(((byte)119, (byte)11, (byte)32));
        Palette.SeCoCityscapes[19].Should().Be(((byte)255, (byte)255, (byte)255));
        Palette.SeCoCityscapes[255].Should().Be(((byte)255, (byte)255, (byte)255));
    }

    [Fact]
    public void From_colors_fills_the_remaining_entries()
    {
        var palette = Palette.FromColors([(1, 2, 3), (4, 5, 6)], fill: (9, 9, 9));

        palette[1].Should().Be(((byte)4, (byte)5, (byte)6));
        palette[2].Should().Be(((byte)9, (byte)9, (byte)9));
        palette[255].Should().Be(((byte)9, (byte)9, (byte)9));
    }

    [Fact]
    public void A_palette_needs_768_bytes()
    {
        var act = () => new Palette(new byte[767]);

        act.Should().Throw<ArgumentException>();
    }
}
