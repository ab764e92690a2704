using SeCo.Vision.Regions;
using SeCo.Vision.Rle;

namespace SeCo.Vision.Tests.Regions;

public sealed class RegionRleEncoderTests
{
    [Fact]
    public void One_sweep_encoding_equals_encoding_each_region_mask()
    {
        var random = new Random(21);
        for (var trial = 0; trial < 40; trial++)
        {
            int width = random.Next(1, 30), height = random.Next(1, 30);
            var map = ReferenceLabeling.RandomMap(random, width, height, classes: 1 + (trial % 5), ignoreShare: 0.15);
            var labeling = ConnectedComponents.LabelClasses(map, width, height);

            var rles = RegionRleEncoder.EncodeAll(labeling);

            rles.Should().HaveCount(labeling.Count);
            for (var r = 0; r < labeling.Count; r++)
            {
                var mask = labeling.RegionIndex.Select(i => i == r ? (byte)1 : (byte)0).ToArray();
                rles[r].Should().Be(CocoRle.Encode(mask, height, width), $"region {r} of trial {trial}");
            }
        }
    }

    [Fact]
    public void Regions_touching_the_first_and_last_pixel_get_empty_first_and_no_trailing_zero_run()
    {
        // Column-major: region 0 holds pixel 0, region 1 the last pixel.
        int[] map =
        [
            0, -1,
            -1, 1,
        ];

        var rles = RegionRleEncoder.EncodeAll(map, 2, 2, 2);

        rles[0].Counts.ToArray().Should().Equal(0u, 1, 3);
        rles[1].Counts.ToArray().Should().Equal(3u, 1);
    }

    [Fact]
    public void A_run_continues_from_the_bottom_of_one_column_to_the_top_of_the_next()
    {
        int[] map =
        [
            -1, 0,
            0, -1,
        ];

        RegionRleEncoder.EncodeAll(map, 2, 2, 1)[0].Counts.ToArray().Should().Equal(1u, 2, 1);
    }

    [Fact]
    public void A_region_number_without_pixels_gets_the_all_zero_encoding()
    {
        var rles = RegionRleEncoder.EncodeAll(new[] { 0, 0, -1, -1 }, 2, 2, 2);

        rles[1].Counts.ToArray().Should().Equal(4u);
        rles[1].ToString().Should().Be(CocoRle.Encode(new byte[4], 2, 2).ToString());
    }
}
