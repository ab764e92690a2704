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
}
