using SeCo.Vision.LabelMaps;

namespace SeCo.Vision.Tests.LabelMaps;

public sealed class LabelMapResizeTests
{
    [Fact]
    public void Nearest_upsampling_repeats_pixels()
    {
        var map = new LabelMap(2, 2, [1, 2, 3, 4]);

        var resized = LabelMapResize.Nearest(map, 4, 3);

        // Rows come from floor(y * 2 / 3) = 0, 0, 1; columns from floor(x * 2 / 4) = 0, 0, 1, 1.
        resized.Data.Should().Equal(1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4);
    }

    [Fact]
    public void Nearest_downsampling_picks_the_floor_source_pixel()
    {
        var map = new LabelMap(5, 1, [10, 11, 12, 13, 14]);

        LabelMapResize.Nearest(map, 2, 1).Data.Should().Equal(10, 12);
    }
}
