using SeCo.Vision.Geometry;

namespace SeCo.Vision.Tests.Geometry;

public sealed class MinAreaRectTests
{
    private static Point2I[] BlockContour(int x0, int y0, int x1, int y1)
    {
        var width = x1 + 2;
        var height = y1 + 2;
        var mask = new byte[width * height];
        for (var y = y0; y <= y1; y++)
        {
            for (var x = x0; x <= x1; x++)
            {
                mask[(y * width) + x] = 1;
            }
        }

        return ContourFinder.FindLargest(mask, width, height)!;
    }

    [Fact]
    public void Axis_aligned_block_gives_opencvs_90_degree_rectangle_through_pixel_centres()
    {
        // cv2 4.6: ((24.5, 14.5), (9.0, 29.0), 90.0) for rows 10-19, cols 10-39.
        var rect = MinAreaRect.Of(BlockContour(10, 10, 39, 19));

        rect.Should().Be(new RotatedRect(new Point2F(24.5f, 14.5f), 9f, 29f, 90f));
        rect.Corners().Should().Equal(new Point2F(10, 10), new Point2F(39, 10), new Point2F(39, 19), new Point2F(10, 19));
    }

    [Fact]
    public void Collinear_points_give_a_zero_height_rectangle_along_the_hull_edge()
    {
        Point2I[] diagonal = [.. Enumerable.Range(0, 11).Select(i => new Point2I(2 + i, 3 + i)), .. Enumerable.Range(1, 9).Select(i => new Point2I(12 - i, 13 - i))];

        var rect = MinAreaRect.Of(diagonal);

        // cv2 4.6: ((7.0, 8.0), (14.142135620117188, 0.0), -135.0)
        rect.Center.Should().Be(new Point2F(7, 8));
        rect.Width.Should().BeApproximately(14.142135620117188f, 1e-6f);
        rect.Height.Should().Be(0);
        rect.Angle.Should().Be(-135f);
    }

    [Fact]
    public void Mini_box_orders_corners_top_left_top_right_bottom_right_bottom_left()
    {
        var miniBox = MiniBox.FromContour(BlockContour(10, 10, 39, 19));

        miniBox.Corners.Should().Equal(new Point2F(10, 10), new Point2F(39, 10), new Point2F(39, 19), new Point2F(10, 19));
        miniBox.MinSide.Should().Be(9f);
    }

    [Fact]
    public void Mini_box_of_a_vertical_line_keeps_the_reference_order_of_equal_x_corners()
    {
        // golden psa/geometry blob 0: boxPoints (30,24),(30,24),(30,10),(30,10) → (30,24),(30,10),(30,10),(30,24).
        var miniBox = MiniBox.FromRect(new RotatedRect(new Point2F(30, 17), 14, 0, -90));

        miniBox.Corners.Should().Equal(new Point2F(30, 24), new Point2F(30, 10), new Point2F(30, 10), new Point2F(30, 24));
        miniBox.MinSide.Should().Be(0);
    }
}
