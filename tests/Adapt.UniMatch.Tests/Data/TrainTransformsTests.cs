using SeCo.Plugins.Adapt.UniMatch.Data;
using SeCo.Vision.Imaging;
using SeCo.Vision.LabelMaps;

namespace Adapt.UniMatch.Tests.Data;

public sealed class TrainTransformsTests
{
    [Theory]
    [InlineData(2048, 1024, 1536, 1536, 768)]
    [InlineData(2048, 1024, 1025, 1025, 513)]
    [InlineData(1024, 2048, 1536, 768, 1536)]
    public void Resized_size_follows_the_long_side_as_in_the_spec(int width, int height, int longSide, int expectedWidth, int expectedHeight)
    {
        TrainTransforms.ResizedSize(width, height, longSide).Should().Be((expectedWidth, expectedHeight));
    }

    [Fact]
    public void Random_resize_draws_the_long_side_between_half_and_double()
    {
        var draws = new ScriptedDraws { Ints = [30] };
        var (image, mask) = TrainTransforms.RandomResize(new RgbImage(20, 10), new LabelMap(20, 10), draws);

        draws.IntBounds.Should().Equal((10, 40));
        (image.Width, image.Height, mask.Width, mask.Height).Should().Be((30, 15, 30, 15));
    }

    [Fact]
    public void Pil_nearest_samples_pixel_centres()
    {
        var map = new LabelMap(4, 1, [0, 1, 2, 3]);

        TrainTransforms.PilNearest(map, 2, 1).Data.Should().Equal(1, 3);
        TrainTransforms.PilNearest(map, 8, 1).Data.Should().Equal(0, 0, 1, 1, 2, 2, 3, 3);
    }

    [Fact]
    public void Crop_pads_right_and_bottom_with_the_mask_fill_and_draws_inclusive_offsets()
    {
        var image = new RgbImage(3, 2, Enumerable.Range(1, 18).Select(v => (byte)v).ToArray());
        var mask = new LabelMap(3, 2, [1, 2, 3, 4, 5, 6]);
        var draws = new ScriptedDraws { Ints = [0, 0] };

        var (croppedImage, croppedMask) = TrainTransforms.RandomCrop(image, mask, 4, 254, draws);

        draws.IntBounds.Should().Equal((0, 0), (0, 0));
        croppedMask.Data.Should().Equal(1, 2, 3, 254, 4, 5, 6, 254, 254, 254, 254, 254, 254, 254, 254, 254);
        croppedImage.Row(0)[9..12].ToArray().Should().Equal(0, 0, 0);
        croppedImage.Row(1)[..3].ToArray().Should().Equal(10, 11, 12);
    }

    [Fact]
    public void Crop_of_a_larger_image_starts_at_the_drawn_offset()
    {
        var mask = new LabelMap(5, 4, Enumerable.Range(0, 20).Select(v => (byte)v).ToArray());
        var draws = new ScriptedDraws { Ints = [2, 1] };

        var (_, cropped) = TrainTransforms.RandomCrop(new RgbImage(5, 4), mask, 3, 255, draws);

        draws.IntBounds.Should().Equal((0, 2), (0, 1));
        cropped.Data.Should().Equal(7, 8, 9, 12, 13, 14, 17, 18, 19);
    }

    [Theory]
    [InlineData(0.49, true)]
    [InlineData(0.5, false)]
    public void Flip_happens_when_the_draw_is_below_one_half(double draw, bool flipped)
    {
        var mask = new LabelMap(3, 1, [1, 2, 3]);
        var (_, result) = TrainTransforms.RandomHorizontalFlip(new RgbImage(3, 1), mask, new ScriptedDraws { Randoms = [draw] });

        result.Data.Should().Equal(flipped ? new byte[] { 3, 2, 1 } : new byte[] { 1, 2, 3 });
    }

    [Fact]
    public void Normalize_divides_by_255_and_applies_imagenet_mean_and_std()
    {
        var image = new RgbImage(1, 1, [255, 0, 128]);
        var values = new float[3];

        TrainTransforms.Normalize(image, values);

        values[0].Should().BeApproximately((1f - 0.485f) / 0.229f, 1e-6f);
        values[1].Should().BeApproximately(-0.456f / 0.224f, 1e-6f);
        values[2].Should().BeApproximately((128f / 255f - 0.406f) / 0.225f, 1e-6f);
    }

    [Fact]
    public void Labelled_list_is_repeated_to_the_unlabelled_length()
    {
        SemiDataset.RepeatLabeled(new[] { 'a', 'b', 'c' }, 7).Should().Equal('a', 'b', 'c', 'a', 'b', 'c', 'a');
        SemiDataset.RepeatLabeled(new[] { 'a', 'b', 'c' }, 2).Should().Equal('a', 'b', 'c');
    }
}
