using SeCo.Vision.Regions;
using SeCo.Vision.Rle;

namespace SeCo.Vision.Tests.Regions;

public sealed class RegionExtractorTests
{
    [Fact]
    public void Records_follow_class_then_opencv_order_with_rle_box_area_and_running_ids()
    {
        byte[] labels =
        [
            1, 255, 0, 0,
            1, 255, 255, 1,
        ];

        var records = RegionExtractor.Extract(labels, 4, 2);

        records.Select(r => (r.CategoryId, r.Id, r.Area)).Should().Equal((0, 0, 2L), (1, 1, 2L), (1, 2, 1L));
        records[0].Segmentation.Should().Be(CocoRle.Encode([0, 0, 1, 1, 0, 0, 0, 0], 2, 4));
        records[0].Bbox.Should().Be(new RegionBox(2, 0, 2, 1));
        records.Should().OnlyContain(r => r.TrueLabel == null);
    }

    [Fact]
    public void Bbox_of_a_run_wrapping_from_one_column_into_the_next_spans_the_full_height()
    {
        // Column-major run (2,0) → (0,1) → (1,1): toBbox takes the full height, which is also the pixel extent.
        byte[] labels =
        [
            0, 1,
            0, 1,
            1, 0,
        ];

        var record = RegionExtractor.Extract(labels, 2, 3).Single(r => r.CategoryId == 1);

        record.Segmentation.Counts.ToArray().Should().Equal(2u, 3, 1);
        record.Bbox.Should().Be(new RegionBox(0, 0, 2, 3));
        record.Area.Should().Be(3);
    }

    [Fact]
    public void Ground_truth_of_another_size_is_resized_with_nearest_neighbour()
    {
        byte[] labels = [4, 4, 6, 6];
        byte[] truth =
        [
            4, 4, 4, 9, 6, 6,
            4, 4, 4, 9, 6, 6,
        ];

        var records = RegionExtractor.Extract(labels, 4, 1, truth, 6, 2);

        // Columns 0, 1, 3, 4 of row 0 (1.5 scale): 4, 4, 9, 6.
        records.Select(r => r.TrueLabel).Should().Equal(new TrueLabel(4, 100.0, true), new TrueLabel(6, 50.0, true));
    }

    [Fact]
    public void Same_size_ground_truth_gives_true_labels_for_every_region()
    {
        byte[] labels = [2, 2, 255, 3];
        byte[] truth = [2, 255, 2, 5];

        var records = RegionExtractor.Extract(labels, 4, 1, truth, 4, 1);

        records.Select(r => r.TrueLabel).Should().Equal(new TrueLabel(2, 50.0, true), new TrueLabel(5, 100.0, false));
    }
}
