using SeCo.Vision.Regions;

namespace SeCo.Vision.Tests.Regions;

public sealed class ConnectedComponentsTests
{
    private static byte[] SpecMap()
    {
        // scc.md §11 / psa.md: 6x8 with {(0,5),(0,6)}, {(1,0),(2,0)}, {(4,3),(4,4),(4,5)} (row, col).
        var map = new byte[6 * 8];
        foreach (var (y, x) in new[] { (0, 5), (0, 6), (1, 0), (2, 0), (4, 3), (4, 4), (4, 5) })
        {
            map[(y * 8) + x] = 1;
        }

        return map;
    }

    [Fact]
    public void Opencv_order_numbers_components_by_their_first_2x2_block()
    {
        var labeling = ConnectedComponents.LabelMask(SpecMap(), 8, 6);

        labeling.Count.Should().Be(3);
        labeling.RegionIndex[(0 * 8) + 5].Should().Be(1, "cv2 label 2");
        labeling.RegionIndex[(1 * 8) + 0].Should().Be(0, "cv2 label 1");
        labeling.RegionIndex[(4 * 8) + 3].Should().Be(2, "cv2 label 3");
        labeling.Regions.Select(r => r.ClassLabel).Should().Equal(1, 2, 3);
    }

    [Fact]
    public void Opencv_order_with_four_connectivity_is_raster_order_of_first_pixels()
    {
        // cv2 4.6 connectedComponents(connectivity=4) on the same map gives labels 1, 2, 3 (checked with OpenCV).
        var labeling = ConnectedComponents.LabelMask(SpecMap(), 8, 6, Connectivity.Four);

        new[] { labeling.RegionIndex[5], labeling.RegionIndex[8], labeling.RegionIndex[35] }.Should().Equal(0, 1, 2);
    }

    [Fact]
    public void First_pixel_order_numbers_components_like_scikit_image()
    {
        var labeling = ConnectedComponents.LabelMask(SpecMap(), 8, 6, order: ComponentOrder.FirstPixel);

        labeling.RegionIndex[(0 * 8) + 5].Should().Be(0);
        labeling.RegionIndex[(1 * 8) + 0].Should().Be(1);
        labeling.RegionIndex[(4 * 8) + 3].Should().Be(2);
        labeling.Regions.Select(r => r.FirstPixel).Should().Equal(5, 8, 35);
    }

    [Fact]
    public void Region_stats_are_area_inclusive_box_and_first_pixel()
    {
        byte[] map =
        [
            0, 0, 1, 1,
            0, 1, 1, 255,
            2, 2, 0, 0,
        ];

        var labeling = ConnectedComponents.LabelClasses(map, 4, 3);

        // Class 0: {(0,0),(0,1),(1,0)} and {(2,2),(2,3)} are not 8-connected; classes 1 and 2 one region each.
        labeling.Regions.Should().Equal(
            new Region(0, 1, 3, 0, 0, 2, 2, 0),
            new Region(0, 2, 2, 2, 2, 2, 1, 10),
            new Region(1, 1, 4, 1, 0, 3, 2, 2),
            new Region(2, 1, 2, 0, 2, 2, 1, 8));
        labeling.RegionIndex.Should().Equal(0, 0, 2, 2, 0, 2, 2, -1, 3, 3, 1, 1);
    }

    [Fact]
    public void Diagonal_neighbours_join_with_eight_connectivity_only()
    {
        byte[] map =
        [
            1, 0, 1,
            0, 1, 0,
            1, 0, 1,
        ];

        ConnectedComponents.LabelMask(map, 3, 3).Count.Should().Be(1);
        ConnectedComponents.LabelMask(map, 3, 3, Connectivity.Four).Count.Should().Be(5);
        ConnectedComponents.LabelClasses(map, 3, 3, Connectivity.Four).Count.Should().Be(9);
        ConnectedComponents.LabelClasses(map, 3, 3).Count.Should().Be(2);
    }

    [Fact]
    public void Mask_treats_every_non_zero_byte_as_foreground()
    {
        byte[] mask = [0, 1, 2, 255, 0, 0];

        var labeling = ConnectedComponents.LabelMask(mask, 6, 1);

        labeling.Count.Should().Be(1);
        labeling.Regions[0].Should().Be(new Region(1, 1, 3, 1, 0, 3, 1, 1));
        labeling.RegionIndex.Should().Equal(-1, 0, 0, 0, -1, -1);
    }

    [Fact]
    public void Ignore_value_can_be_changed_or_switched_off()
    {
        byte[] map = [255, 255, 7, 0];

        ConnectedComponents.LabelClasses(map, 4, 1, ignoreValue: -1).Regions.Select(r => r.Class).Should().Equal(0, 7, 255);
        ConnectedComponents.LabelClasses(map, 4, 1, ignoreValue: 0).Regions.Select(r => r.Class).Should().Equal(7, 255);
    }

    [Fact]
    public void Empty_and_all_ignored_images_have_no_regions()
    {
        ConnectedComponents.LabelClasses([], 0, 0).Count.Should().Be(0);
        var labeling = ConnectedComponents.LabelClasses([255, 255, 255, 255], 2, 2);
        labeling.Count.Should().Be(0);
        labeling.RegionIndex.Should().OnlyContain(r => r == -1);
    }

    [Fact]
    public void Image_size_must_match_the_pixels()
    {
        var act = () => ConnectedComponents.LabelClasses(new byte[5], 2, 2);

        act.Should().Throw<ArgumentException>().WithMessage("*5 pixels*");
    }

    [Theory]
    [InlineData(Connectivity.Eight, ComponentOrder.OpenCv)]
    [InlineData(Connectivity.Eight, ComponentOrder.FirstPixel)]
    [InlineData(Connectivity.Four, ComponentOrder.OpenCv)]
    [InlineData(Connectivity.Four, ComponentOrder.FirstPixel)]
    public void One_pass_labelling_equals_flood_fill_per_class_on_random_maps(Connectivity connectivity, ComponentOrder order)
    {
        var random = new Random(1234);
        for (var trial = 0; trial < 40; trial++)
        {
            int width = random.Next(1, 40), height = random.Next(1, 30);
            var map = ReferenceLabeling.RandomMap(random, width, height, classes: 1 + (trial % 4), ignoreShare: 0.1);

            var labeling = ConnectedComponents.LabelClasses(map, width, height, connectivity, order);

            labeling.RegionIndex.Should().Equal(ReferenceLabeling.RegionIndex(map, width, height, connectivity, order, 255), $"trial {trial} ({width}x{height})");
            for (var r = 0; r < labeling.Count; r++)
            {
                var pixels = Enumerable.Range(0, map.Length).Where(p => labeling.RegionIndex[p] == r).ToArray();
                var region = labeling.Regions[r];
                region.Area.Should().Be(pixels.Length);
                region.Class.Should().Be(map[pixels[0]]);
                region.FirstPixel.Should().Be(pixels[0]);
                region.Left.Should().Be(pixels.Min(p => p % width));
                region.Top.Should().Be(pixels[0] / width);
                region.Width.Should().Be(pixels.Max(p => p % width) - region.Left + 1);
                region.Height.Should().Be((pixels[^1] / width) - region.Top + 1);
            }
        }
    }

    [Fact]
    public void Class_labels_restart_at_one_for_every_class()
    {
        var random = new Random(5);
        var map = ReferenceLabeling.RandomMap(random, 30, 20, classes: 3, ignoreShare: 0.2);

        var labeling = ConnectedComponents.LabelClasses(map, 30, 20);

        foreach (var group in labeling.Regions.GroupBy(r => r.Class))
        {
            group.Select(r => r.ClassLabel).Should().Equal(Enumerable.Range(1, group.Count()));
        }

        labeling.Regions.Select(r => r.Class).Should().BeInAscendingOrder();
    }
}
