using System.Text;
using SeCo.Testing;
using SeCo.Vision.LabelMaps;
using SeCo.Vision.Regions;

namespace SeCo.Vision.Tests.Regions.Golden;

/// <summary><c>regions/ins_mask</c>: SeCo's <c>gen_ins_mask</c> output, byte for byte. Tolerance: exact.</summary>
public sealed class InsMaskGoldenTests
{
    public static TheoryData<string> Images()
    {
        var data = new TheoryData<string>();
        using var index = RegionsGolden.ReadJson("ins_mask", "index.json");
        foreach (var image in index.RootElement.GetProperty("images").EnumerateArray())
        {
            data.Add(image.GetProperty("id").GetString()!);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Images))]
    public void Region_json_is_byte_identical_to_gen_ins_mask(string id)
    {
        var (pseudo, gt, expectedPath) = Paths(id);
        var labels = LabelMapIO.Read(pseudo);
        var truth = LabelMapIO.Read(gt);

        var records = RegionExtractor.Extract(labels, truth);
        var json = RegionRecordJson.Serialize(records);

        json.Should().Be(File.ReadAllText(expectedPath, Encoding.UTF8));
    }

    [Theory]
    [MemberData(nameof(Images))]
    public void Region_counts_and_true_label_255_match_the_index(string id)
    {
        using var index = RegionsGolden.ReadJson("ins_mask", "index.json");
        var entry = index.RootElement.GetProperty("images").EnumerateArray().Single(e => e.GetProperty("id").GetString() == id);
        var (pseudo, gt, _) = Paths(id);
        var labels = LabelMapIO.Read(pseudo);
        var truth = LabelMapIO.Read(gt);
        RegionsGolden.Ints(entry.GetProperty("gt_shape")).Should().Equal(truth.Height, truth.Width);

        var records = RegionExtractor.Extract(labels.Data, labels.Width, labels.Height, truth.Data, truth.Width, truth.Height);

        records.Should().HaveCount(entry.GetProperty("num_instances").GetInt32());
        records.Count(r => r.TrueLabel!.Value.Id == 255).Should().Be(entry.GetProperty("num_true_label_255").GetInt32());
    }

    [Theory]
    [MemberData(nameof(Images))]
    public void Reading_and_writing_a_reference_file_gives_the_same_bytes(string id)
    {
        var (_, _, expectedPath) = Paths(id);
        var text = File.ReadAllText(expectedPath, Encoding.UTF8);

        var records = RegionRecordJson.Read(expectedPath);

        records.Should().OnlyContain(r => r.TrueLabel != null && !r.IsCorrected);
        RegionRecordJson.Serialize(records).Should().Be(text);
    }

    private static (string Pseudo, string GroundTruth, string Json) Paths(string id)
    {
        // id = leftImg8bit/train/<city>/<stem>_leftImg8bit.png, laid out as the reference expects.
        var rest = id.Split('/')[1..];
        var pseudo = GoldenData.PathOf(["regions", "ins_mask", "pseudo", .. rest]);
        var gtRelative = id.Replace("leftImg8bit/train", "gtFine/train").Replace("leftImg8bit", "gtFine_labelTrainIds");
        var gt = GoldenData.PathOf(["regions", "ins_mask", "gt", .. gtRelative.Split('/')]);
        var json = GoldenData.PathOf(["regions", "ins_mask", "json", .. rest[..^1], rest[^1].Replace(".png", ".json")]);
        return (pseudo, gt, json);
    }
}
