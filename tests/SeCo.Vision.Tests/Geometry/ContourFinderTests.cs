using SeCo.Vision.Geometry;

namespace SeCo.Vision.Tests.Geometry;

public sealed class ContourFinderTests
{
    private static byte[] Mask(int width, int height, params (int X, int Y)[] pixels)
    {
        var mask = new byte[width * height];
        foreach (var (x, y) in pixels)
        {
            mask[(y * width) + x] = 1;
        }

        return mask;
    }

    private static byte[] Block(int width, int height, int x0, int y0, int x1, int y1, byte value = 1)
    {
        var mask = new byte[width * height];
        for (var y = y0; y <= y1; y++)
        {
            for (var x = x0; x <= x1; x++)
            {
                mask[(y * width) + x] = value;
            }
        }

        return mask;
    }

    [Fact]
    public void Isolated_pixel_is_a_one_point_contour()
    {
        var contours = ContourFinder.FindContours(Mask(5, 4, (2, 1)), 5, 4);

        contours.Should().ContainSingle().Which.Should().Equal(new Point2I(2, 1));
    }

    [Fact]
    public void Square_is_walked_from_its_first_pixel_down_the_left_side_as_opencv_does()
    {
        var contours = ContourFinder.FindContours(Block(10, 10, 5, 5, 6, 6), 10, 10);

        contours.Should().ContainSingle().Which.Should().Equal(
            new Point2I(5, 5), new Point2I(5, 6), new Point2I(6, 6), new Point2I(6, 5));
    }

    [Fact]
    public void One_pixel_wide_line_is_walked_there_and_back()
    {
        var mask = Block(8, 3, 1, 1, 4, 1);

        var contour = ContourFinder.FindContours(mask, 8, 3).Should().ContainSingle().Subject;

        contour.Should().Equal(new Point2I(1, 1), new Point2I(2, 1), new Point2I(3, 1), new Point2I(4, 1),
            new Point2I(3, 1), new Point2I(2, 1));
        PolygonMath.ContourArea(contour).Should().Be(0);
    }

    [Fact]
    public void Hole_borders_are_returned_and_the_list_is_in_reverse_discovery_order()
    {
        var mask = Block(9, 9, 1, 1, 7, 7);
        for (var y = 3; y <= 5; y++)
        {
            for (var x = 3; x <= 5; x++)
            {
                mask[(y * 9) + x] = 0;
            }
        }

        var contours = ContourFinder.FindContours(mask, 9, 9);

        contours.Should().HaveCount(2);
        contours[1][0].Should().Be(new Point2I(1, 1), "the outer border is found first and so listed last");
        contours[0].Take(3).Should().Equal([new Point2I(2, 3), new Point2I(3, 2), new Point2I(4, 2)],
            "a hole border starts at the foreground pixel left of the first hole pixel (checked against cv2 4.6)");
        ContourFinder.FindLargest(mask, 9, 9).Should().Equal(contours[1]);
    }

    [Fact]
    public void Separate_blobs_come_back_bottom_first()
    {
        var mask = Mask(10, 10, (1, 1), (2, 1), (6, 7), (7, 7));

        var contours = ContourFinder.FindContours(mask, 10, 10);

        contours.Select(c => c[0]).Should().Equal(new Point2I(6, 7), new Point2I(1, 1));
    }

    [Fact]
    public void Equal_area_contours_keep_list_order_when_choosing_the_largest()
    {
        var mask = Block(12, 12, 1, 1, 3, 3);
        for (var y = 7; y <= 9; y++)
        {
            for (var x = 7; x <= 9; x++)
            {
                mask[(y * 12) + x] = 1;
            }
        }

        var largest = ContourFinder.FindLargest(mask, 12, 12)!;

        largest[0].Should().Be(new Point2I(7, 7), "a stable descending sort keeps the first of equal areas, and the later blob is listed first");
    }

    [Fact]
    public void Offset_moves_every_point_and_non_zero_bytes_are_foreground()
    {
        var mask = Block(4, 4, 0, 0, 1, 1, value: 200);

        var contour = ContourFinder.FindContours(mask, 4, 4, new Point2I(10, 20)).Single();

        contour.Should().Equal(new Point2I(10, 20), new Point2I(10, 21), new Point2I(11, 21), new Point2I(11, 20));
    }

    [Fact]
    public void Empty_mask_has_no_contour()
    {
        ContourFinder.FindContours(new byte[12], 4, 3).Should().BeEmpty();
        ContourFinder.FindLargest(new byte[12], 4, 3).Should().BeNull();
    }

    [Fact]
    public void Too_short_mask_is_rejected()
    {
        var act = () => ContourFinder.FindContours(new byte[5], 4, 3);

        act.Should().Throw<ArgumentException>();
    }
}
