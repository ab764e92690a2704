using SeCo.Plugins.Adapt.UniMatch.Data;
using SeCo.Vision.Imaging;

namespace Adapt.UniMatch.Tests.Data;

public sealed class StrongAugmentationTests
{
    [Fact]
    public void Jitter_with_unit_factors_changes_only_what_the_pillow_hsv_round_trip_changes()
    {
        var image = Gradient();
        var draws = new ScriptedDraws { Ints = [0, 0, 0], Uniforms = [1, 1, 1, 0] };
        var expected = (byte[])image.Data.Clone();
        ColorJitter.AdjustHue(expected, 0);

        var result = new ColorJitter().Apply(image, draws);

        result.Data.Should().Equal(expected);
        draws.UniformBounds.Should().Equal((0.5, 1.5), (0.5, 1.5), (0.5, 1.5), (-0.25, 0.25));
    }

    [Fact]
    public void Brightness_factor_scales_truncates_and_clips_like_pillow()
    {
        byte[] rgb = [100, 200, 3];
        ColorJitter.AdjustBrightness(rgb, 1.5);
        rgb.Should().Equal(150, 255, 4);
        ColorJitter.AdjustBrightness(rgb, 0.5);
        rgb.Should().Equal(75, 127, 2);
    }

    [Fact]
    public void Zero_saturation_gives_pil_luma_grey()
    {
        byte[] rgb = [255, 0, 0];
        ColorJitter.AdjustSaturation(rgb, 0);
        rgb.Should().Equal(76, 76, 76);
    }

    [Fact]
    public void Hsv_round_trip_of_pillow_keeps_saturated_colours()
    {
        foreach (var (r, g, b) in new (byte, byte, byte)[] { (255, 0, 0), (0, 255, 0), (0, 0, 255), (10, 10, 10), (200, 100, 50) })
        {
            var (h, s, v) = ColorJitter.RgbToHsv(r, g, b);
            var back = ColorJitter.HsvToRgb(h, s, v);
            Math.Abs(back.R - r).Should().BeLessThanOrEqualTo(3);
            Math.Abs(back.G - g).Should().BeLessThanOrEqualTo(3);
            Math.Abs(back.B - b).Should().BeLessThanOrEqualTo(3);
        }
    }

    [Fact]
    public void Gaussian_blur_keeps_a_constant_image_and_spreads_an_edge()
    {
        var flat = new RgbImage(9, 7, Enumerable.Repeat((byte)77, 9 * 7 * 3).ToArray());
        PilGaussianBlur.Apply(flat, 1.7).Data.Should().OnlyContain(v => v == 77);

        var edge = new RgbImage(9, 1);
        for (var x = 5; x < 9; x++)
        {
            edge.Data[x * 3] = 255;
        }

        var blurred = PilGaussianBlur.Apply(edge, 1.0);
        blurred.Data[4 * 3].Should().BeInRange((byte)60, (byte)200);
        blurred.Data[0].Should().Be(0);
        blurred.Data[8 * 3].Should().Be(255);
    }

    [Fact]
    public void Box_radius_matches_pillows_formula()
    {
        // sigma = 1, three passes: sigma2 = 1/3, L = sqrt(5), l = 0, a = (0 - 1) / (6 * (1/3 - 1)) = 0.25.
        PilGaussianBlur.BoxRadius(1.0).Should().BeApproximately(0.25, 1e-12);
    }

    [Fact]
    public void Strong_view_applies_jitter_grayscale_and_blur_when_their_draws_say_so()
    {
        var image = Gradient();
        var none = StrongAugmentation.Apply(image, new ScriptedDraws { Randoms = [0.9, 0.5, 0.7] });
        none.Data.Should().Equal(image.Data);

        var grey = StrongAugmentation.Apply(image, new ScriptedDraws { Randoms = [0.9, 0.1, 0.7] });
        for (var i = 0; i < grey.Data.Length; i += 3)
        {
            grey.Data[i].Should().Be(grey.Data[i + 1]);
            grey.Data[i + 1].Should().Be(grey.Data[i + 2]);
        }

        var blurDraws = new ScriptedDraws { Randoms = [0.9, 0.5, 0.2], Uniforms = [1.0] };
        StrongAugmentation.Apply(image, blurDraws);
        blurDraws.UniformBounds.Should().Equal((0.1, 2.0));
    }

    private static RgbImage Gradient()
    {
        var image = new RgbImage(6, 4);
        for (var i = 0; i < image.Data.Length; i++)
        {
            image.Data[i] = (byte)(i * 5 % 256);
        }

        return image;
    }
}
