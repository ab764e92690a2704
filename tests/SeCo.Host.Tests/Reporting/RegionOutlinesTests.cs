using SeCo.Plugins.HtmlReport;
using SeCo.Vision.LabelMaps;
using SeCo.Vision.Regions;

namespace SeCo.Host.Tests.Reporting;

public sealed class RegionOutlinesTests
{
    [Fact]
    public void A_region_left_unlabelled_by_its_stage_is_dropped_and_only_region_borders_are_outlined()
    {
        // Left half class 0, right half class 1; the stage kept the left region and dropped the right one.
        var labels = new LabelMap(8, 4);
        for (var y = 0; y < 4; y++)
        {
            labels.Row(y)[4..].Fill(1);
        }

        var records = RegionExtractor.Extract(labels);
        var stage = labels.Clone();
        for (var y = 0; y < 4; y++)
        {
            stage.Row(y)[4..].Fill(LabelMap.Ignore);
        }

        var outlines = RegionOutlines.Build(records, stage, 8, 4);

        outlines.RegionCount.Should().Be(2);
        outlines.KeptCount.Should().Be(1);
        outlines.DroppedCount.Should().Be(1);
        for (var y = 0; y < 4; y++)
        {
            var row = outlines.Pixels.AsSpan(y * 8, 8).ToArray();
            row.Should().Equal(0, 0, 0, RegionOutlines.Kept, RegionOutlines.Dropped, 0, 0, 0);
        }
    }

    [Fact]
    public void Without_a_stage_label_map_regions_are_outlined_undecided_at_panel_size()
    {
        var labels = new LabelMap(8, 8);
        for (var y = 4; y < 8; y++)
        {
            labels.Row(y).Fill(2);
        }

        var outlines = RegionOutlines.Build(RegionExtractor.Extract(labels), null, 4, 4);

        outlines.KeptCount.Should().Be(0);
        outlines.DroppedCount.Should().Be(0);
        outlines.Pixels.Should().Equal(
            0, 0, 0, 0,
            3, 3, 3, 3,
            3, 3, 3, 3,
            0, 0, 0, 0);
    }
}
