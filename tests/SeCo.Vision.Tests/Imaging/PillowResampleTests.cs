using SeCo.Vision.Imaging;

namespace SeCo.Vision.Tests.Imaging;

/// <summary>
/// Pillow's resample (bilinear: support 1, bicubic: weights <c>a = −0.5</c>, support 2; × scale when reducing),
/// normalised, 22-bit fixed point with rounding, clipped to 0–255. Expected values are worked by hand from Pillow's
/// <c>ImagingResample</c>; <c>Golden/PillowResampleGoldenTests</c> compares against Pillow itself.
/// </summary>
public sealed class PillowResampleTests
{
    [Fact]
    public void Same_size_returns_the_image_itself()
    {
        var image = new RgbImage(4, 3);

        PillowResample.Resize(image, 4, 3, PillowFilter.Bicubic).Should().BeSameAs(image);
    }

    [Fact]
    public void Uniform_image_stays_uniform_in_both_directions()
    {
        var image = new RgbImage(7, 5);
        for (var i = 0; i < image.Data.Length; i += 3)
        {
            (image.Data[i], image.Data[i + 1], image.Data[i + 2]) = (10, 128, 250);
        }

        var up = PillowResample.Resize(image, 16, 9, PillowFilter.Bicubic);
        var down = PillowResample.Resize(image, 3, 2, PillowFilter.Bicubic);

        up.Width.Should().Be(16);
        up.Height.Should().Be(9);
        down.Data.Chunk(3).Should().OnlyContain(p => p[0] == 10 && p[1] == 128 && p[2] == 250);
        up.Data.Chunk(3).Should().OnlyContain(p => p[0] == 10 && p[1] == 128 && p[2] == 250);
    }

    [Fact]
    public void Doubling_a_step_overshoots_like_bicubic()
    {
        // One row 0 0 255 255 → 8 columns. Output 3 (centre 1.75 input pixels) weighs inputs 0..3 at distances
        // 1.25, 0.25, 0.75, 1.75: w = −0.0703125, 0.8671875, 0.2265625, −0.0234375 (sum 1), so
        // 255·(0.2265625 − 0.0234375) = 51.80 → 52. Output 2 (centre 1.25) weighs inputs 0..2 at distances 0.75,
        // 0.25, 1.25 (normalised by 1.0234375): 255·(−0.0703125/1.0234375) < 0 → clipped to 0.
        byte[] row = [0, 0, 255, 255];

        var resized = PillowResample.Resize(row, 1, 4, 1, 1, 8, PillowFilter.Bicubic);

        resized[3].Should().Be(52);
        resized[2].Should().Be(0);
        resized[4].Should().Be(203, "the step is symmetric: 255 − 52");
        resized[0].Should().Be(0);
        resized[7].Should().Be(255);
    }

    [Fact]
    public void Bilinear_and_bicubic_differ_on_a_step()
    {
        byte[] row = [0, 0, 255, 255];

        var bilinear = PillowResample.Resize(row, 1, 4, 1, 1, 8, PillowFilter.Bilinear);
        var bicubic = PillowResample.Resize(row, 1, 4, 1, 1, 8, PillowFilter.Bicubic);

        // Bilinear output 3 (centre 1.75): weights 0.75·input 1 + 0.25·input 2 → 63.75 → 64.
        bilinear[3].Should().Be(64);
        bicubic.Should().NotEqual(bilinear);
    }

    // Expected bytes from Pillow 9.4: Image.fromarray(a, 'RGB').resize((w, h), filter), a[y, x, c] as in Pattern
    // (11×7); 5×4 reduces both axes by non-integer factors, 4×10 reduces one axis and enlarges the other.
    [Theory]
    [InlineData(PillowFilter.Bilinear, 5, 4, "317F965C828056937F837BA46774A854888079934D71935A738475777D7C74B263AC62858B5B7D9664896E7A96729B51AD639680777A71A65C76768D")]
    [InlineData(PillowFilter.Bicubic, 5, 4, "2A7E975D7C81559A80837DA66375AC5386847D95406F9958718173777D7A71BC62B75B8D8658799C5B8C6D79996EA049AD5C9E87747C68B45476748F")]
    [InlineData(PillowFilter.Bicubic, 4, 10, "2897BA6B81BA976E82A341B0387A835480846997945F71BB4D685A4B8A4753B88D3BA0A05D7E776EA23388A4547F9E4D6E948D85AF4B7A4E7C8B517E82A17EA27B6B8B36908249A58DA757BB2387AF6D7D748AA16EBE6D9A41AF58A46D738C82709B5FA560A35FA65A738281806D47C16F858F904C73798E")]
    public void Small_pattern_matches_pillow_bytes(PillowFilter filter, int width, int height, string hex)
    {
        var resized = PillowResample.Resize(Pattern(11, 7), width, height, filter);

        resized.Data.Should().Equal(Convert.FromHexString(hex));
    }

    [Theory]
    [InlineData(PillowFilter.Bilinear)]
    [InlineData(PillowFilter.Bicubic)]
    public void Each_channel_is_resampled_as_its_own_image(PillowFilter filter)
    {
        var image = Pattern(11, 7);

        var resized = PillowResample.Resize(image.Data, 7, 11, 3, 10, 4, filter);

        for (var c = 0; c < 3; c++)
        {
            var channel = image.Data.Where((_, i) => i % 3 == c).ToArray();
            var alone = PillowResample.Resize(channel, 7, 11, 1, 10, 4, filter);
            resized.Where((_, i) => i % 3 == c).Should().Equal(alone);
        }
    }

    [Fact]
    public void Pixel_count_that_does_not_match_the_size_is_rejected()
    {
        var act = () => PillowResample.Resize(new byte[10], 2, 2, 3, 4, 4, PillowFilter.Bilinear);

        act.Should().Throw<ArgumentException>().WithParameterName("source");
    }

    /// <summary>A deterministic pattern with sharp edges: <c>(x²·31 + y·17 + c·101 + x·y·7) mod 256</c>.</summary>
    private static RgbImage Pattern(int width, int height)
    {
        var image = new RgbImage(width, height);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                for (var c = 0; c < 3; c++)
                {
                    image.Data[(y * width + x) * 3 + c] = (byte)((x * x * 31 + y * 17 + c * 101 + x * y * 7) % 256);
                }
            }
        }

        return image;
    }
}
