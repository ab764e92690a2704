using SeCo.Plugins.Adapt.UniMatch.Splitting;
using SeCo.Vision.LabelMaps;
using SeCo.Vision.Regions;
using SeCo.Vision.Rle;

namespace Adapt.UniMatch.Tests.Splitting;

public sealed class KeptRegionScoreTests
{
    [Fact]
    public void Mean_score_counts_only_regions_whose_pixels_survived_in_the_corrected_map()
    {
        // 4x2 map: columns 0-1 class 3 (kept), columns 2-3 dropped (255).
        var corrected = new LabelMap(4, 2, [3, 3, 255, 255, 3, 3, 255, 255]);
        var left = Region(new byte[] { 1, 1, 0, 0, 1, 1, 0, 0 }, score: 0.9, id: 1);
        var right = Region(new byte[] { 0, 0, 1, 1, 0, 0, 1, 1 }, score: 0.1, id: 2);
        var leftToo = Region(new byte[] { 1, 0, 0, 0, 1, 0, 0, 0 }, score: 0.5, id: 3);

        KeptRegionScore.Of([left, right, leftToo], corrected, "r.json").Should().BeApproximately(0.7, 1e-12);
        KeptRegionScore.Of([right], corrected, "r.json").Should().Be(0);
    }

    private static RegionRecord Region(byte[] rowMajor, double score, int id)
    {
        const int width = 4, height = 2;
        return new RegionRecord
        {
            Segmentation = CocoRle.Encode(rowMajor, height, width),
            Bbox = new RegionBox(0, 0, width, height),
            Area = rowMajor.Count(v => v == 1),
            CategoryId = 3,
            Id = id,
            Score = score,
        };
    }
}
