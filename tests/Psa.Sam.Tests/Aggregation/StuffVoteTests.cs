using SeCo.Plugins.Psa.Aggregation;

namespace Psa.Sam.Tests.Aggregation;

/// <summary>The stuff vote against the spec's hand oracles (psa §9) and its edge cases (§5).</summary>
public sealed class StuffVoteTests
{
    private static readonly int[] s_stuff = [0, 1, 2, 3, 4, 8, 9, 10];

    [Fact]
    public void Mask_with_road_share_above_threshold_paints_every_pixel_road()
    {
        // 10 pixels: 2 ignore, 3 road, 2 sidewalk, 3 car → road 3/8 = 0.375.
        byte[] labels = [255, 255, 0, 0, 0, 1, 1, 13, 13, 13, 8];
        byte[] mask = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0];
        var final = Filled(labels.Length);

        StuffVote.Apply(labels, [mask], s_stuff, 0.20, final).Should().Be(1);

        final.Should().Equal(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 255);
    }

    [Fact]
    public void Mask_with_road_share_at_most_threshold_paints_nothing()
    {
        // 1 road, 7 car, 2 ignore → road 1/8 = 0.125.
        byte[] labels = [255, 255, 0, 13, 13, 13, 13, 13, 13, 13];
        var final = Filled(labels.Length);

        StuffVote.Apply(labels, [Ones(labels.Length)], s_stuff, 0.20, final).Should().Be(0);

        final.Should().OnlyContain(v => v == 255);
    }

    [Fact]
    public void Ties_go_to_the_smallest_stuff_id_and_later_masks_overwrite_earlier_ones()
    {
        byte[] labels = [8, 8, 2, 2, 10, 10];
        byte[] first = [1, 1, 1, 1, 0, 0];
        byte[] second = [0, 0, 0, 1, 1, 1];
        var final = Filled(labels.Length);

        StuffVote.Apply(labels, [first, second], s_stuff, 0.20, final);

        final.Should().Equal(2, 2, 2, 10, 10, 10);
    }

    [Fact]
    public void All_ignore_mask_and_image_without_stuff_paint_nothing()
    {
        var final = Filled(4);
        StuffVote.Apply([255, 255, 0, 0], [[1, 1, 0, 0]], s_stuff, 0.20, final).Should().Be(0);
        StuffVote.Apply([13, 13, 13, 255], [Ones(4)], s_stuff, 0.0, final).Should().Be(0);
        final.Should().OnlyContain(v => v == 255);
    }

    private static byte[] Filled(int length) => Enumerable.Repeat((byte)255, length).ToArray();

    private static byte[] Ones(int length) => Enumerable.Repeat((byte)1, length).ToArray();
}
