using SeCo.Vision.LabelMaps;

namespace SeCo.Vision.Tests.LabelMaps;

public sealed class LabelMapTests
{
    [Fact]
    public void Pixels_are_row_major()
    {
        var map = new LabelMap(3, 2, [0, 1, 2, 10, 11, 12]);

        map[2, 0].Should().Be(2);
        map[0, 1].Should().Be(10);
        map.Row(1).ToArray().Should().Equal(10, 11, 12);
    }

    [Fact]
    public void Writing_through_a_row_changes_the_map()
    {
        var map = new LabelMap(4, 3);

        map.Row(2).Fill(7);
        map[1, 1] = LabelMap.Ignore;

        map.Data.Should().Equal(0, 0, 0, 0, 0, 255, 0, 0, 7, 7, 7, 7);
    }

    [Fact]
    public void Data_of_the_wrong_length_is_refused()
    {
        var act = () => new LabelMap(3, 2, new byte[5]);

        act.Should().Throw<ArgumentException>().WithMessage("*needs 6 bytes*");
    }

    [Fact]
    public void Indexing_outside_the_map_throws_instead_of_wrapping_to_the_next_row()
    {
        var map = new LabelMap(3, 2);

        var act = () => map[3, 0];

        act.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void Clone_is_independent_of_the_original()
    {
        var map = new LabelMap(2, 2, [1, 2, 3, 4]);

        var copy = map.Clone();
        copy[0, 0] = 9;

        map[0, 0].Should().Be(1);
    }
}
