using SeCo.Plugins.Scc.Filtering;
using SeCo.Vision.Regions;

namespace Scc.Tests;

public sealed class RegionDecisionStatisticsTests
{
    [Fact]
    public void Drop_decisions_are_scored_as_noisy_region_detection_by_count_and_by_pixels()
    {
        var statistics = new RegionDecisionStatistics();

        statistics.Add(new TrueLabel(1, 90, false), noisyLabel: 2, paintedLabel: 2, area: 100, keep: false); // noisy, dropped
        statistics.Add(new TrueLabel(3, 80, false), noisyLabel: 4, paintedLabel: 3, area: 50, keep: true);   // noisy, kept, corrected
        statistics.Add(new TrueLabel(5, 100, true), noisyLabel: 5, paintedLabel: 5, area: 300, keep: false); // clean, dropped
        statistics.Add(new TrueLabel(6, 100, true), noisyLabel: 6, paintedLabel: 7, area: 10, keep: true);   // clean, kept, miscorrected
        statistics.Add(new TrueLabel(255, 60, false), noisyLabel: 6, paintedLabel: 6, area: 10, keep: false);
        statistics.Add(null, noisyLabel: 6, paintedLabel: 6, area: 10, keep: true);

        statistics.Regions.Should().Be(4);
        statistics.Unscored.Should().Be(2);
        statistics.Noisy.Should().Be(2);
        statistics.Dropped.Should().Be(2);
        statistics.DropPrecision.Should().Be(0.5);
        statistics.DropRecall.Should().Be(0.5);
        statistics.DropPixelPrecision.Should().Be(100.0 / 400);
        statistics.DropPixelRecall.Should().Be(100.0 / 150);
        statistics.KeptCorrect.Should().Be(0.5);
    }

    [Fact]
    public void Without_scored_regions_every_ratio_is_zero()
    {
        var statistics = new RegionDecisionStatistics();

        statistics.Add(null, 1, 1, 5, keep: false);

        statistics.Regions.Should().Be(0);
        statistics.DropPrecision.Should().Be(0);
        statistics.DropRecall.Should().Be(0);
        statistics.KeptCorrect.Should().Be(0);
    }
}
