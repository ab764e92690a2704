using SeCo.Vision.Geometry;

namespace SeCo.Vision.Tests.Geometry;

public sealed class UnclipTests
{
    [Fact]
    public void Distance_is_area_times_ratio_over_perimeter()
    {
        Point2F[] box = [new(10, 10), new(39, 10), new(39, 19), new(10, 19)];

        Unclip.Distance(box).Should().Be(261 * 1.25 / 76);
        Unclip.Distance(box, 2.0).Should().Be(261 * 2.0 / 76);
    }

    [Fact]
    public void Float_corners_are_truncated_toward_zero_before_the_offset()
    {
        Point2F[] box = [new(0.7f, 0.2f), new(10.6f, 0.2f), new(10.6f, 5.9f), new(-0.7f, 5.9f)];

        var expanded = Unclip.Expand(box);

        var distance = Unclip.Distance(box)!.Value;
        expanded.Single().Should().Equal(RoundOffset.Execute([new(0, 0), new(10, 0), new(10, 5), new(0, 5)], distance).Single());
    }

    [Fact]
    public void Degenerate_box_has_no_distance_and_no_polygon()
    {
        Point2F[] point = [new(3, 4), new(3, 4), new(3, 4), new(3, 4)];

        Unclip.Distance(point).Should().BeNull();
        Unclip.Expand(point).Should().BeEmpty();
    }

    [Fact]
    public void Zero_area_box_of_a_straight_line_expands_to_nothing()
    {
        Point2F[] line = [new(3, 4), new(14, 4), new(14, 4), new(3, 4)];

        Unclip.Distance(line).Should().Be(0);
        Unclip.Expand(line).Should().BeEmpty();
    }

    [Fact]
    public void Sub_pixel_sliver_at_the_tip_of_a_thin_box_is_joined_away_as_pyclipper_does()
    {
        // Thin diagonal boxes from cv2 4.6 random blobs; expected rings from pyclipper 1.2.1.
        Point2F[] box = [new(29.400005f, 31.800005f), new(33.000004f, 39.000004f), new(32.600002f, 39.200005f), new(29.000004f, 32.000004f)];

        Unclip.Expand(box).Single().Should().Equal(new Point2I(32, 39), new Point2I(29, 32), new Point2I(33, 39));
    }

    [Fact]
    public void Sliver_resting_on_the_lowest_vertex_is_kept_as_pyclipper_keeps_it()
    {
        Point2F[] box = [new(9.000001f, 20f), new(11.600001f, 27.8f), new(11.000001f, 28f), new(8.400001f, 20.2f)];

        Unclip.Expand(box).Single().Should().Equal(new Point2I(11, 27), new Point2I(11, 28), new Point2I(8, 20), new Point2I(9, 20));
    }

    [Fact]
    public void Box_whose_offset_ring_is_all_sliver_expands_to_nothing()
    {
        Point2F[] box = [new(-0.7692305f, 20.846153f), new(1.0000002f, 12f), new(1.769231f, 12.153847f), new(2.3841858E-07f, 21f)];

        Unclip.Expand(box).Should().BeEmpty();
    }
}
