using System.Text.Json;
using SeCo.Plugins.Scc.Data;
using SeCo.Testing;

namespace Scc.Tests.Golden;

public sealed class PatchRegionGoldenTests
{
    public static TheoryData<int> CaseIndices()
    {
        var data = new TheoryData<int>();
        for (var i = 0; i < LoadCases().GetArrayLength(); i++)
        {
            data.Add(i);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CaseIndices))]
    public void Patch_region_matches_get_patch_region(int index)
    {
        var c = LoadCases()[index];
        var image = c.GetProperty("image_size_hw");
        var box = c.GetProperty("bbox_xywh");
        var size = c.GetProperty("size_hw");
        var note = c.TryGetProperty("note", out var n) ? n.GetString() : "";
        var call = () => PatchRegion.Around(image[0].GetInt32(), image[1].GetInt32(),
            box[0].GetDouble(), box[1].GetDouble(), box[2].GetDouble(), box[3].GetDouble(),
            size[0].GetInt32(), size[1].GetInt32());

        if (c.TryGetProperty("raises", out _))
        {
            call.Should().Throw<ArgumentOutOfRangeException>(note);
            return;
        }

        var expected = c.GetProperty("region");
        var region = call();
        new[] { region.Top, region.Bottom, region.Left, region.Right }.Should().Equal(
            new[] { expected[0].GetInt32(), expected[1].GetInt32(), expected[2].GetInt32(), expected[3].GetInt32() }, note);
    }

    private static JsonElement LoadCases()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(GoldenData.PathOf("scc", "patch_region_cases.json")));
        return document.RootElement.GetProperty("cases").Clone();
    }
}
