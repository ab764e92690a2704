using SeCo.Vision.Regions;

namespace SeCo.Vision.Tests.Regions;

public sealed class NearestResizeTests
{
    [Fact]
    public void Downscaling_picks_floor_of_the_scaled_index_without_half_pixel_offset()
    {
        // 3x2 → 2x1 (w x h): columns 0, 1 (1.5 → 1); row 0.
        byte[] source = [0, 1, 2, 3, 4, 5];

        NearestResize.Resize(source, 3, 2, 2, 1).Should().Equal(0, 1);
    }

    [Fact]
    public void Upscaling_repeats_pixels_by_floor_of_the_scaled_index()
    {
        // 2 → 5 columns: d * 0.4 → 0, 0, 0, 1, 1.
        NearestResize.Resize([7, 9], 2, 1, 5, 1).Should().Equal(7, 7, 7, 9, 9);
    }

    [Fact]
    public void Two_thirds_downscale_matches_opencv_indices()
    {
        // 288x144 → 192x96 (the golden bochum case): source index floor(d * 1.5).
        var source = Enumerable.Range(0, 288).Select(i => (byte)(i % 256)).ToArray();

        var resized = NearestResize.Resize(source, 288, 1, 192, 1);

        resized.Should().Equal(Enumerable.Range(0, 192).Select(d => (byte)(d * 3 / 2 % 256)));
    }
}
