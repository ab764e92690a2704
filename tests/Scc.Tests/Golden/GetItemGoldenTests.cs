using System.Text.Json;
using SeCo.Plugins.Scc.Data;
using SeCo.Testing;
using SeCo.Vision.Checkpoints;
using SeCo.Vision.Regions;
using TorchSharp;

namespace Scc.Tests.Golden;

public sealed class GetItemGoldenTests
{
    // README "Tolerances": getitem tensors are bit-identical.
    private const float BitIdentical = 0f;

    private const string ImageId = "frankfurt_000000_000294_leftImg8bit";

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void Patch_of_golden_region_matches_getitem_image_and_mask(int slot)
    {
        var entry = Index().GetProperty("regions")[slot];
        var sample = SampleAt("ins_json", entry.GetProperty("files_index").GetInt32());
        sample.Label.Should().Be(entry.GetProperty("label_id").GetInt32());

        var patch = new RegionPatchLoader().Load(sample);

        var expectedRegion = entry.GetProperty("patch_region_y0y1x0x1");
        new[] { patch.Region.Top, patch.Region.Bottom, patch.Region.Left, patch.Region.Right }
            .Should().Equal(Enumerable.Range(0, 4).Select(i => expectedRegion[i].GetInt32()));

        var golden = SafeTensors.Load(GoldenData.PathOf("scc", "getitem", "getitem_outputs.safetensors"));
        var image = golden[$"r{slot}_image"].data<float>().ToArray();
        var mask = golden[$"r{slot}_ins_mask"].data<byte>().ToArray();
        mask.Should().Equal(patch.Mask);
        MaxAbsDifference(image, patch.Image).Should().BeLessThanOrEqualTo(BitIdentical);
    }

    [Fact]
    public void Low_resolution_mask_is_upscaled_by_ceil_factors_and_never_rescaled_on_a_second_access()
    {
        var lowres = Index().GetProperty("lowres");
        var sample = SampleAt("ins_json_lowres", lowres.GetProperty("files_index").GetInt32());
        var loader = new RegionPatchLoader();

        var first = loader.Load(sample);
        var second = loader.Load(sample);

        var call0 = SafeTensors.Load(GoldenData.PathOf("scc", "getitem", "getitem_lowres_call0.safetensors"));
        var call1 = SafeTensors.Load(GoldenData.PathOf("scc", "getitem", "getitem_lowres_call1.safetensors"));
        first.Mask.Should().Equal(call0["ins_mask"].data<byte>().ToArray());
        second.Mask.Should().Equal(first.Mask, "a port does not scale the stored box in place");
        second.Mask.Should().NotEqual(call1["ins_mask"].data<byte>().ToArray(), "the reference's second call crops a doubled box");
    }

    [Fact]
    public void Mirrored_patch_is_the_horizontal_flip_of_the_plain_patch()
    {
        var sample = SampleAt("ins_json", Index().GetProperty("regions")[1].GetProperty("files_index").GetInt32());
        var loader = new RegionPatchLoader();
        var plain = loader.Load(sample);
        var mirrored = loader.Load(sample, mirror: true);

        mirrored.Mask[5 * 512 + 7].Should().Be(plain.Mask[5 * 512 + 504]);
        for (var y = 0; y < 256; y += 17)
        {
            for (var x = 0; x < 512; x += 13)
            {
                mirrored.Mask[y * 512 + x].Should().Be(plain.Mask[y * 512 + 511 - x]);
                mirrored.Image[(2 * 256 + y) * 512 + x].Should().Be(plain.Image[(2 * 256 + y) * 512 + 511 - x]);
            }
        }
    }

    private static JsonElement Index()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(GoldenData.PathOf("scc", "getitem", "getitem_index.json")));
        return document.RootElement.Clone();
    }

    private static RegionSample SampleAt(string jsonFolder, int index)
    {
        var records = RegionRecordJson.Read(GoldenData.PathOf("scc", "getitem", jsonFolder, "train", "frankfurt", ImageId + ".json"));
        var record = records[index];
        return new RegionSample(
            GoldenData.PathOf("scc", "getitem", "leftImg8bit", "train", "frankfurt", ImageId + ".png"),
            ImageId + ".png", record.Segmentation, record.Bbox, record.CategoryId, record.TrueLabel);
    }

    private static float MaxAbsDifference(float[] expected, float[] actual)
    {
        actual.Length.Should().Be(expected.Length);
        var max = 0f;
        for (var i = 0; i < expected.Length; i++)
        {
            max = MathF.Max(max, MathF.Abs(expected[i] - actual[i]));
        }

        return max;
    }
}
