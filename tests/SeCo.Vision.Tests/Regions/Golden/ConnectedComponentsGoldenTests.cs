using SeCo.Vision.Regions;

namespace SeCo.Vision.Tests.Regions.Golden;

/// <summary><c>regions/cc</c>: per-class <c>cv2.connectedComponents(connectivity=8)</c> in SeCo's region order. Tolerance: exact.</summary>
public sealed class ConnectedComponentsGoldenTests
{
    [Theory]
    [MemberData(nameof(RegionsGolden.LabelMaps), MemberType = typeof(RegionsGolden))]
    public void Region_index_map_matches_opencv_for_every_class(string name)
    {
        var map = RegionsGolden.ReadLabelMap(name);
        var expected = RegionsGolden.ReadRegionIndex(name, out var shape);
        shape.Should().Equal(map.Height, map.Width);

        var labeling = ConnectedComponents.LabelClasses(map.Data, map.Width, map.Height);

        labeling.RegionIndex.Should().Equal(expected);
    }

    [Theory]
    [MemberData(nameof(RegionsGolden.LabelMaps), MemberType = typeof(RegionsGolden))]
    public void Region_table_matches_opencv_stats(string name)
    {
        var map = RegionsGolden.ReadLabelMap(name);
        using var json = RegionsGolden.ReadJson("cc", name + "_regions.json");
        var expected = json.RootElement.GetProperty("regions").EnumerateArray().ToArray();

        var labeling = ConnectedComponents.LabelClasses(map.Data, map.Width, map.Height);

        labeling.Count.Should().Be(json.RootElement.GetProperty("num_regions").GetInt32());
        for (var r = 0; r < expected.Length; r++)
        {
            var region = labeling.Regions[r];
            var e = expected[r];
            var box = RegionsGolden.Ints(e.GetProperty("bbox_xywh"));
            new[] { region.Class, region.ClassLabel, region.Area, region.Left, region.Top, region.Width, region.Height }
                .Should().Equal(
                    [e.GetProperty("class").GetInt32(), e.GetProperty("cv2_label").GetInt32(), e.GetProperty("area").GetInt32(), box[0], box[1], box[2], box[3]],
                    $"region {r} of {name}");
        }
    }

    [Theory]
    [MemberData(nameof(RegionsGolden.LabelMaps), MemberType = typeof(RegionsGolden))]
    public void Binary_mask_of_one_class_numbers_like_opencv(string name)
    {
        var map = RegionsGolden.ReadLabelMap(name);
        var expected = RegionsGolden.ReadRegionIndex(name, out _);
        var all = ConnectedComponents.LabelClasses(map.Data, map.Width, map.Height);
        var cls = all.Regions.GroupBy(r => r.Class).OrderByDescending(g => g.Count()).First().Key;
        var firstRegion = Array.FindIndex(all.Regions, r => r.Class == cls);
        var mask = map.Data.Select(v => v == cls ? (byte)1 : (byte)0).ToArray();

        var labeling = ConnectedComponents.LabelMask(mask, map.Width, map.Height);

        var fromGolden = expected.Select(r => r >= 0 && all.Regions[r].Class == cls ? r - firstRegion : -1).ToArray();
        labeling.RegionIndex.Should().Equal(fromGolden);
    }
}
