using SeCo.Plugins.Psa.Imaging;
using SeCo.Vision.Imaging;

namespace Psa.Sam.Tests.Imaging;

/// <summary>
/// Pillow's bicubic resample (the reference's image-to-label resize). Expected values follow Pillow's
/// <c>ImagingResample</c>: bicubic weights <c>a = −0.5</c>, support 2 (× scale when reducing), normalised, 22-bit
/// fixed point with rounding, clipped to 0–255.
/// </summary>
public sealed class PillowResampleTests
{
    [Fact]
    public void Same_size_returns_the_image_itself()
    {
        var image = new RgbImage(4, 3);

        ImageResize.Bicubic(image, 4, 3).Should().BeSameAs(image);
    }

    [Fact]
    public void Uniform_image_stays_uniform_in_both_directions()
    {
        var image = new RgbImage(7, 5);
        for (var i = 0; i < image.Data.Length; i += 3)
        {
            (image.Data[i], image.Data[i + 1], image.Data[i + 2]) = (10, 128, 250);
        }

        var up = ImageResize.Bicubic(image, 16, 9);
        var down = ImageResize.Bicubic(image, 3, 2);

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
}
