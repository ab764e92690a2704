using System.Text.Json;
using SeCo.Testing;
using SeCo.Vision.Checkpoints;
using SeCo.Vision.Tests.Checkpoints;
using TorchSharp;
using static TorchSharp.torch;

namespace SeCo.Vision.Tests.Golden;

public sealed class SafeTensorsGoldenTests
{
    [Fact]
    public void Tiny_sam_safetensors_has_the_keys_shapes_and_dtypes_of_its_manifest()
    {
        using var scope = torch.NewDisposeScope();
        var tensors = SafeTensors.Load(GoldenData.PathOf("sam", "tiny", "tiny_sam.safetensors"));
        using var manifest = JsonDocument.Parse(File.ReadAllText(GoldenData.PathOf("sam", "tiny", "tiny_keys.json")));

        var expectedKeys = new List<string>();
        foreach (var entry in manifest.RootElement.EnumerateArray())
        {
            var key = entry[0].GetString()!;
            expectedKeys.Add(key);
            var shape = entry[1].EnumerateArray().Select(d => d.GetInt64()).ToArray();
            tensors.Should().ContainKey(key);
            tensors[key].shape.Should().Equal(shape, key);
            tensors[key].dtype.Should().Be(ScalarType.Float32, key);
        }

        tensors.Keys.Should().BeEquivalentTo(expectedKeys);
    }

    [Fact]
    public void Tiny_sam_safetensors_values_match_the_raw_file_bytes()
    {
        using var scope = torch.NewDisposeScope();
        var tensors = SafeTensors.Load(GoldenData.PathOf("sam", "tiny", "tiny_sam.safetensors"));

        var bias = tensors["image_encoder.patch_embed.proj.bias"];

        TensorAssert.Identical(
            bias[..4],
            torch.tensor(new[] { -0.048069875687360764f, -0.0482446625828743f, -0.0484112985432148f, -0.048569753766059875f }),
            "the first bias values as read with Python's struct module");
    }

    [Fact]
    public void Expected_shared_storage_tensors_load_with_int64_and_float_values()
    {
        using var scope = torch.NewDisposeScope();
        var tensors = SafeTensors.Load(GoldenData.PathOf("checkpoints", "shared_storage_expected.safetensors"));

        tensors.Keys.Should().Equal("qkv.weight", "q.weight", "k.weight", "v.weight", "half", "int64_buf");
        tensors["int64_buf"].dtype.Should().Be(ScalarType.Int64);
        TensorAssert.Identical(tensors["int64_buf"], torch.tensor(new[] { 1L, 2L, 3L, 4L }), "int64_buf");
        tensors["half"][0, 0].ToSingle().Should().Be(0.35009765625f);
        tensors["half"][1, 3].ToSingle().Should().Be(-1.5546875f);
    }

    [Fact]
    public void Golden_file_saved_again_loads_to_identical_tensors()
    {
        using var scope = torch.NewDisposeScope();
        using var dir = new TempDirectory();
        var original = SafeTensors.Load(GoldenData.PathOf("sam", "tiny", "tiny_sam.safetensors"));
        var copy = dir.File("copy.safetensors");

        SafeTensors.Save(copy, original);
        var reloaded = SafeTensors.Load(copy);

        reloaded.Keys.Should().BeEquivalentTo(original.Keys);
        foreach (var (name, tensor) in original)
        {
            TensorAssert.Identical(reloaded[name], tensor, name);
        }
    }
}
