using SeCo.Plugins.Psa.Aggregation;
using SeCo.Vision.Segmentation;

namespace Psa.Sam.Tests.Aggregation;

/// <summary>The stuff vote over a partition (Felzenszwalb segments) gives what the mask vote gives for the same regions.</summary>
public sealed class StuffVotePartitionTests
{
    private static readonly int[] s_stuff = [0, 1, 2, 3, 4, 8, 9, 10];

    [Fact]
    public void Partition_vote_equals_the_mask_vote_over_the_same_segments()
    {
        // Segment 0: 2 ignore, 3 road, 2 sidewalk, 3 car → road (0.375). Segment 1: 1 road, 7 car → nothing (0.125).
        // Segment 2: only ignore → nothing (NaN).
        byte[] labels = [255, 255, 0, 0, 0, 1, 1, 13, 13, 13, 255, 255, 0, 13, 13, 13, 13, 13, 13, 13, 255, 255];
        int[] partition = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2];
        var segments = new SegmentMap(partition.Length, 1, partition, 3);
        var byMask = Filled(labels.Length);
        var byPartition = Filled(labels.Length);

        var maskPainted = StuffVote.Apply(labels, segments.ToMasks(), s_stuff, 0.20, byMask);
        var partitionPainted = StuffVote.ApplyPartition(labels, segments, s_stuff, 0.20, byPartition);

        partitionPainted.Should().Be(maskPainted).And.Be(1);
        byPartition.Should().Equal(byMask);
        byPartition[..10].Should().OnlyContain(v => v == 0);
        byPartition[10..].Should().OnlyContain(v => v == 255);
    }

    [Fact]
    public void Partition_vote_paints_nothing_without_stuff_classes_present()
    {
        byte[] labels = [13, 13, 11, 255];
        var segments = new SegmentMap(4, 1, [0, 0, 0, 0], 1);
        var final = Filled(4);

        StuffVote.ApplyPartition(labels, segments, s_stuff, 0.20, final).Should().Be(0);

        final.Should().OnlyContain(v => v == 255);
    }

    [Fact]
    public void Segment_histogram_counts_every_label_value_per_segment()
    {
        byte[] labels = [0, 0, 255, 13];
        var segments = new SegmentMap(2, 2, [0, 1, 1, 1], 2);

        var histogram = StuffVote.SegmentHistogram(labels, segments);

        histogram[0].Should().Be(1);
        histogram[256 + 0].Should().Be(1);
        histogram[256 + 255].Should().Be(1);
        histogram[256 + 13].Should().Be(1);
        histogram.Sum().Should().Be(4);
    }

    private static byte[] Filled(int length) => Enumerable.Repeat((byte)255, length).ToArray();
}
