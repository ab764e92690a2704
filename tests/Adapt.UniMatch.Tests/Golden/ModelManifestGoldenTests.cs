using System.Text.Json;
using SeCo.Plugins.Adapt.UniMatch.Modeling;
using SeCo.Testing;
using static TorchSharp.torch;

namespace Adapt.UniMatch.Tests.Golden;

public sealed class ModelManifestGoldenTests
{
    [Fact]
    public void State_dict_keys_shapes_dtypes_and_order_match_the_unimatch_manifest()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(GoldenData.PathOf("unimatch", "deeplabv3plus_r101_manifest.json")));
        var root = document.RootElement;
        var entries = root.GetProperty("entries").EnumerateArray().ToArray();
        using var model = new DeepLabV3Plus(DeepLabV3PlusConfig.ResNet101(19));
        var state = model.state_dict();

        state.Count.Should().Be(root.GetProperty("num_entries").GetInt32());
        state.Keys.Should().Equal(entries.Select(e => e.GetProperty("key").GetString()));
        var sorted = state.Keys.ToArray();
        Array.Sort(sorted, StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var key = entry.GetProperty("key").GetString()!;
            var tensor = state[key];
            tensor.shape.Should().Equal(entry.GetProperty("shape").EnumerateArray().Select(s => s.GetInt64()), key);
            var dtype = entry.GetProperty("dtype").GetString() == "int64" ? ScalarType.Int64 : ScalarType.Float32;
            tensor.dtype.Should().Be(dtype, key);
            Array.IndexOf(sorted, key).Should().Be(entry.GetProperty("detfill_t").GetInt32(), key);
        }

        model.parameters().Sum(p => p.numel()).Should().Be(root.GetProperty("num_params").GetInt64());
        model.named_parameters().Select(p => p.name).Should().Equal(
            entries.Where(e => e.GetProperty("is_param").GetBoolean()).Select(e => e.GetProperty("key").GetString()));
    }
}
