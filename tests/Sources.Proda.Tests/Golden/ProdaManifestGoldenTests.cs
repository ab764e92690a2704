using System.Text.Json;
using SeCo.Plugins.Sources.Proda.Modeling;
using SeCo.Testing;

namespace Sources.Proda.Tests.Golden;

public sealed class ProdaManifestGoldenTests
{
    [Fact]
    public void State_dict_keys_shapes_and_dtypes_match_the_proda_manifest_in_order()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(GoldenData.PathOf("sources", "proda_deeplabv2_manifest.json")));
        var entries = document.RootElement.GetProperty("entries").EnumerateArray().ToArray();
        using var model = new ProdaDeepLabV2(classes: 19);
        var state = model.state_dict();

        // TorchSharp lists buffers after parameters, so the key set (not the order) is compared here;
        // parameter order is compared below.
        state.Keys.Should().BeEquivalentTo(entries.Select(e => e.GetProperty("key").GetString()));
        state.Count.Should().Be(document.RootElement.GetProperty("num_entries").GetInt32());
        var sorted = state.Keys.ToArray();
        Array.Sort(sorted, StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var key = entry.GetProperty("key").GetString()!;
            var tensor = state[key];
            tensor.shape.Should().Equal(entry.GetProperty("shape").EnumerateArray().Select(s => s.GetInt64()), key);
            var dtype = entry.GetProperty("dtype").GetString();
            tensor.dtype.Should().Be(dtype == "int64" ? TorchSharp.torch.ScalarType.Int64 : TorchSharp.torch.ScalarType.Float32, key);
            Array.IndexOf(sorted, key).Should().Be(entry.GetProperty("detfill_t").GetInt32(), key);
        }

        var parameters = model.parameters().Sum(p => p.numel());
        parameters.Should().Be(document.RootElement.GetProperty("num_params").GetInt64());
        model.named_parameters().Select(p => p.name).Should().Equal(
            entries.Where(e => e.GetProperty("is_param").GetBoolean()).Select(e => e.GetProperty("key").GetString()));
    }
}
