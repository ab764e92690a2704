using System.Text.Json;
using System.Text.Json.Serialization;
using SeCo.Plugins.Scc.Filtering;
using SeCo.Testing;
using SeCo.Vision.LabelMaps;
using SeCo.Vision.Regions;

namespace Scc.Tests.Golden;

public sealed class FilterGoldenTests
{
    [Theory]
    [InlineData("none")]
    [InlineData("loss")]
    [InlineData("score")]
    [InlineData("both")]
    [InlineData("local_loss")]
    [InlineData("local_score")]
    [InlineData("local_both")]
    [InlineData("both_loss")]
    [InlineData("both_score")]
    [InlineData("both_both")]
    public void Painted_map_matches_vis_json(string mode)
    {
        var records = Records();
        var size = records[0].Segmentation;

        var map = RegionPainter.Paint(records, ModeNamed(mode), size.Width, size.Height);

        var expected = LabelMapIO.Read(GoldenData.PathOf("scc", "filters", "vis", $"filter_{mode}.png"));
        map.Width.Should().Be(expected.Width);
        map.Height.Should().Be(expected.Height);
        map.Data.Should().Equal(expected.Data);
    }

    [Fact]
    public void True_label_map_paints_every_region_with_its_ground_truth_id()
    {
        var records = Records();
        var size = records[0].Segmentation;

        var map = RegionPainter.PaintTrueLabels(records, size.Width, size.Height);

        map.Data.Should().Equal(LabelMapIO.Read(GoldenData.PathOf("scc", "filters", "vis", "true_labels_GT.png")).Data);
    }

    [Fact]
    public void Image_without_regions_paints_an_all_ignore_map()
    {
        var map = RegionPainter.Paint([], FilterMode.BothLoss, 7, 3);

        map.Data.Should().OnlyContain(v => v == LabelMap.Ignore).And.HaveCount(21);
    }

    private static List<RegionRecord> Records() =>
        RegionRecordJson.Read(GoldenData.PathOf("scc", "filters", "converted", "train", "bochum", "bochum_000000_000313_leftImg8bit.json"));

    /// <summary>The mode a pipeline names <paramref name="name"/> (the reference's names are the enum's JSON names).</summary>
    private static FilterMode ModeNamed(string name) =>
        JsonSerializer.Deserialize<FilterMode>($"\"{name}\"", new JsonSerializerOptions { Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) } });
}
