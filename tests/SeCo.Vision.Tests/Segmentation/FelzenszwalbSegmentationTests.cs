using SeCo.Vision.Imaging;
using SeCo.Vision.Segmentation;

namespace SeCo.Vision.Tests.Segmentation;

/// <summary>
/// Hand-derived cases. With <c>sigma = 0</c> the edge weights are exact: 0 inside a flat colour and
/// <c>√3 ≈ 1.7321</c> between black and white; a segment of <c>n</c> pixels with internal difference 0 accepts an
/// edge only when its weight is below <c>scale / 255 / n</c>.
/// </summary>
public sealed class FelzenszwalbSegmentationTests
{
    private static readonly (byte, byte, byte) Black = (0, 0, 0);
    private static readonly (byte, byte, byte) White = (255, 255, 255);

    [Fact]
    public void Uniform_image_is_one_segment()
    {
        var image = Filled(13, 7, (40, 90, 200));

        var segments = FelzenszwalbSegmentation.Segment(image);

        segments.Count.Should().Be(1);
        segments.Labels.Should().OnlyContain(label => label == 0);
    }

    [Fact]
    public void Zero_scale_and_zero_min_size_keep_every_pixel_apart()
    {
        // Weight 0 is not below a threshold of 0 (strict comparison), so nothing merges.
        var image = Filled(5, 4, (40, 90, 200));

        var segments = FelzenszwalbSegmentation.Segment(image, new FelzenszwalbParameters { Scale = 0, Sigma = 0, MinSize = 0 });

        segments.Count.Should().Be(20);
        segments.Labels.Should().Equal(Enumerable.Range(0, 20));
    }

    [Fact]
    public void Zero_scale_pixels_are_merged_by_the_min_size_pass()
    {
        var image = Filled(5, 4, (40, 90, 200));

        var segments = FelzenszwalbSegmentation.Segment(image, new FelzenszwalbParameters { Scale = 0, Sigma = 0, MinSize = 20 });

        segments.Count.Should().Be(1);
    }

    [Fact]
    public void Two_colour_image_splits_at_the_colour_edge()
    {
        // 12×8, left 6 columns black, right 6 white: each half is 48 pixels; √3 > (1/255)/48.
        var image = TwoColour(12, 8);

        var segments = FelzenszwalbSegmentation.Segment(image, new FelzenszwalbParameters { Scale = 1, Sigma = 0, MinSize = 20 });

        segments.Count.Should().Be(2);
        for (var y = 0; y < 8; y++)
        {
            for (var x = 0; x < 12; x++)
            {
                segments.Labels[(y * 12) + x].Should().Be(x < 6 ? 0 : 1);
            }
        }
    }

    [Theory]
    [InlineData(20000, 2)] // 20000/255/48 = 1.634 < √3
    [InlineData(22000, 1)] // 22000/255/48 = 1.797 > √3
    public void Scale_decides_whether_the_halves_merge(double scale, int expectedCount)
    {
        var segments = FelzenszwalbSegmentation.Segment(TwoColour(12, 8), new FelzenszwalbParameters { Scale = scale, Sigma = 0, MinSize = 0 });

        segments.Count.Should().Be(expectedCount);
    }

    [Fact]
    public void Min_size_larger_than_a_half_merges_the_halves()
    {
        var segments = FelzenszwalbSegmentation.Segment(TwoColour(12, 8), new FelzenszwalbParameters { Scale = 1, Sigma = 0, MinSize = 49 });

        segments.Count.Should().Be(1);
    }

    [Theory]
    [InlineData(4, 2)] // the 2×2 square (4 pixels) is not smaller than 4: kept
    [InlineData(5, 1)] // 4 < 5: merged into the background
    public void Segments_below_min_size_merge_into_a_neighbour(int minSize, int expectedCount)
    {
        var image = Filled(10, 10, Black);
        Paint(image, 6, 3, 2, 2, White);

        var segments = FelzenszwalbSegmentation.Segment(image, new FelzenszwalbParameters { Scale = 1, Sigma = 0, MinSize = minSize });

        segments.Count.Should().Be(expectedCount);
        segments.Labels[(3 * 10) + 6].Should().Be(expectedCount - 1);
    }

    [Fact]
    public void Segments_are_numbered_in_raster_order_of_their_first_pixel()
    {
        // White square at the right of row 0 and a black one lower left on a grey background: grey starts at
        // pixel 0, the white square at (8, 0), the black one at (1, 5).
        var image = Filled(12, 9, (128, 128, 128));
        Paint(image, 8, 0, 3, 3, White);
        Paint(image, 1, 5, 3, 3, Black);

        var segments = FelzenszwalbSegmentation.Segment(image, new FelzenszwalbParameters { Scale = 1, Sigma = 0, MinSize = 5 });

        segments.Count.Should().Be(3);
        segments.Labels[0].Should().Be(0);
        segments.Labels[8].Should().Be(1);
        segments.Labels[(5 * 12) + 1].Should().Be(2);
        segments.Sizes().Should().Equal(108 - 18, 9, 9);
    }

    [Fact]
    public void Masks_partition_the_image()
    {
        var segments = FelzenszwalbSegmentation.Segment(TwoColour(12, 8), new FelzenszwalbParameters { Sigma = 0 });

        var masks = segments.ToMasks();

        masks.Should().HaveCount(2);
        for (var i = 0; i < 96; i++)
        {
            (masks[0][i] + masks[1][i]).Should().Be(1);
        }
    }

    [Theory]
    [InlineData(0.5, 2)]
    [InlineData(0.8, 3)]
    [InlineData(1.0, 4)]
    public void Gaussian_kernel_is_truncated_at_four_sigma_and_normalised(double sigma, int radius)
    {
        var kernel = GaussianSmoothing.Kernel(sigma);

        kernel.Should().HaveCount((2 * radius) + 1);
        kernel.Sum().Should().BeApproximately(1.0, 1e-15);
        kernel[radius].Should().Be(kernel.Max());
    }

    [Fact]
    public void Smoothing_reflects_at_the_border()
    {
        // A single row [1, 0, 0] (width 3, height 1) with sigma 0.5 (radius 2): the left output sees
        // reflect-extended 0 1 | 1 0 0 | 0 0 → w2·0 + w1·1 + w0·1 + w1·0 + w2·0.
        var kernel = GaussianSmoothing.Kernel(0.5);
        var image = new[] { 1.0, 0.0, 0.0 };

        GaussianSmoothing.Apply(image, 3, 1, 1, 0.5);

        image[0].Should().BeApproximately(kernel[2] + kernel[1], 1e-15);
        image[2].Should().BeApproximately(kernel[0], 1e-15);
    }

    private static RgbImage Filled(int width, int height, (byte R, byte G, byte B) colour)
    {
        var image = new RgbImage(width, height);
        Paint(image, 0, 0, width, height, colour);
        return image;
    }

    private static RgbImage TwoColour(int width, int height)
    {
        var image = Filled(width, height, Black);
        Paint(image, width / 2, 0, width - (width / 2), height, White);
        return image;
    }

    private static void Paint(RgbImage image, int left, int top, int width, int height, (byte R, byte G, byte B) colour)
    {
        for (var y = top; y < top + height; y++)
        {
            for (var x = left; x < left + width; x++)
            {
                var i = ((y * image.Width) + x) * 3;
                image.Data[i] = colour.R;
                image.Data[i + 1] = colour.G;
                image.Data[i + 2] = colour.B;
            }
        }
    }
}
