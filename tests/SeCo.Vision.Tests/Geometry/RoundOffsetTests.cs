using SeCo.Vision.Geometry;

namespace SeCo.Vision.Tests.Geometry;

public sealed class RoundOffsetTests
{
    [Fact]
    public void Rectangle_offset_matches_pyclipper_vertex_for_vertex()
    {
        // spec psa §9 "Clipper detail"; expected list from pyclipper 1.2.1.
        var result = RoundOffset.Execute([new(8, 5), new(19, 5), new(19, 9), new(8, 9)], 11 * 1.25 / 7.5);

        result.Should().ContainSingle().Which.Should().Equal(
            new Point2I(21, 5), new Point2I(21, 9), new Point2I(19, 11), new Point2I(8, 11),
            new Point2I(6, 9), new Point2I(6, 5), new Point2I(8, 3), new Point2I(19, 3));
    }

    [Fact]
    public void Clockwise_input_is_reoriented_and_gives_the_same_ring()
    {
        var forward = RoundOffset.Execute([new(8, 5), new(19, 5), new(19, 9), new(8, 9)], 1.8333333333333333);
        var backward = RoundOffset.Execute([new(8, 5), new(8, 9), new(19, 9), new(19, 5)], 1.8333333333333333);

        backward.Single().Should().Equal(forward.Single());
    }

    [Fact]
    public void Fewer_than_three_distinct_vertices_give_nothing()
    {
        RoundOffset.Execute([new(0, 0), new(10, 0), new(10, 0), new(0, 0)], 2.0).Should().BeEmpty();
    }

    [Fact]
    public void Zero_offset_returns_the_cleaned_ring_in_clippers_order()
    {
        var result = RoundOffset.Execute([new(0, 0), new(10, 0), new(20, 0), new(0, 1)], 0.0);

        result.Single().Should().Equal(new Point2I(0, 1), new Point2I(0, 0), new Point2I(20, 0));
    }

    [Fact]
    public void Inward_offsets_are_rejected()
    {
        var act = () => RoundOffset.Execute([new(0, 0), new(10, 0), new(10, 10)], -1.0);

        act.Should().Throw<ArgumentOutOfRangeException>();
    }
}
