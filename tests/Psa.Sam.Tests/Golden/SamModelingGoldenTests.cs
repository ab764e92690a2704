using System.Text.Json;
using SeCo.Plugins.Psa.Modeling;
using SeCo.Testing;
using static TorchSharp.torch;

namespace Psa.Sam.Tests.Golden;

public sealed class SamModelingGoldenTests
{
    /// <summary>README: tiny encoder tensors / embeddings atol 1e-4 + rtol 1e-4.</summary>
    private const double TinyEncoderTolerance = 1e-4;

    private static List<(string Key, long[] Shape)> Manifest(params string[] path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(GoldenData.PathOf(path)));
        return document.RootElement.EnumerateArray()
            .Select(e => (e[0].GetString()!, e[1].EnumerateArray().Select(d => d.GetInt64()).ToArray()))
            .ToList();
    }

    private static List<(string Key, long[] Shape)> StateDictShapes(SamModel model) =>
        model.state_dict().Select(p => (p.Key, p.Value.shape)).ToList();

    /// <summary>
    /// Same keys and shapes; parameters in the reference registration order (TorchSharp lists buffers after all
    /// parameters, so the one buffer, the Fourier matrix, is compared by name only).
    /// </summary>
    private static void ShouldMatchManifest(SamModel model, List<(string Key, long[] Shape)> actual, List<(string Key, long[] Shape)> expected)
    {
        actual.Select(a => a.Key).Should().BeEquivalentTo(expected.Select(e => e.Key));
        var actualShapes = actual.ToDictionary(a => a.Key, a => a.Shape);
        foreach (var (key, shape) in expected)
        {
            actualShapes[key].Should().Equal(shape, because: key);
        }

        var parameterKeys = model.named_parameters().Select(p => p.name).ToHashSet();
        model.named_parameters().Select(p => p.name).Should().Equal(expected.Select(e => e.Key).Where(parameterKeys.Contains));
        actual.Count.Should().Be(parameterKeys.Count + 1);
    }

    [Theory]
    [InlineData("vit_b")]
    [InlineData("vit_l")]
    [InlineData("vit_h")]
    public void Official_variant_state_dict_matches_reference_key_manifest(string variant)
    {
        using var model = new SamModel(SamVariant.FromName(variant), device("meta"));

        var actual = StateDictShapes(model);
        var expected = Manifest("sam", $"keys_{variant}.json");

        ShouldMatchManifest(model, actual, expected);
    }

    [Fact]
    public void Tiny_config_builds_the_tiny_key_manifest()
    {
        using var model = new SamModel(TinySam.Variant, device("meta"));

        var actual = StateDictShapes(model);
        var expected = Manifest("sam", "tiny", "tiny_keys.json");

        ShouldMatchManifest(model, actual, expected);
    }

    [Fact]
    public void DetFill_of_tiny_model_matches_shipped_weights_bit_for_bit()
    {
        using var model = TinySam.DetFill();
        var shipped = GoldenTensors.Load(GoldenData.PathOf("sam", "tiny", "tiny_sam.safetensors"));

        var state = model.state_dict();
        state.Keys.Should().BeEquivalentTo(shipped.Keys);
        foreach (var (key, expected) in shipped)
        {
            var actualBits = state[key].contiguous().data<float>().ToArray().Select(BitConverter.SingleToInt32Bits);
            var expectedBits = expected.data<float>().ToArray().Select(BitConverter.SingleToInt32Bits);
            actualBits.Should().Equal(expectedBits, because: key);
        }
    }

    [Fact]
    public void DetFill_of_vit_b_matches_reference_summary()
    {
        using var model = new SamModel(SamVariant.VitB, device("meta"));
        var shapes = model.state_dict().ToDictionary(p => p.Key, p => p.Value.shape, StringComparer.Ordinal);
        using var summary = JsonDocument.Parse(File.ReadAllText(GoldenData.PathOf("sam", "detfill_vit_b_summary.json")));

        var sortedKeys = shapes.Keys.OrderBy(k => k, StringComparer.Ordinal).ToList();
        summary.RootElement.GetArrayLength().Should().Be(sortedKeys.Count);
        foreach (var entry in summary.RootElement.EnumerateArray())
        {
            var rank = entry.GetProperty("t").GetInt32();
            var key = entry.GetProperty("key").GetString()!;
            sortedKeys[rank].Should().Be(key);
            var values = DetFill.Values(key, rank, shapes[key]);

            var first = entry.GetProperty("first").EnumerateArray().Select(e => (float)e.GetDouble()).ToArray();
            values.Take(first.Length).Should().Equal(first, because: key);
            values[^1].Should().Be((float)entry.GetProperty("last").GetDouble(), because: key);
            double sum = 0, absSum = 0;
            foreach (var v in values)
            {
                sum += v;
                absSum += Math.Abs(v);
            }

            var expectedAbsSum = entry.GetProperty("abs_sum").GetDouble();
            sum.Should().BeApproximately(entry.GetProperty("sum").GetDouble(), 1e-9 * Math.Max(1, expectedAbsSum), because: key);
            absSum.Should().BeApproximately(expectedAbsSum, 1e-9 * Math.Max(1, expectedAbsSum), because: key);
        }
    }

    [Theory]
    [InlineData("tiny")]
    [InlineData("tiny_rand")]
    public void Tiny_encoder_intermediates_match_reference(string folder)
    {
        using var model = TinySam.For(folder);
        var golden = GoldenTensors.Load(GoldenData.PathOf("sam", folder, "encoder.safetensors"));
        var seen = new Dictionary<string, Tensor>();

        using var _ = no_grad();
        using var embeddings = model.ImageEncoder.Forward(golden["input_preprocessed"], (name, t) => seen[name] = t.clone().DetachFromDisposeScope());
        using var densePe = model.PromptEncoder.GetDensePositionalEncoding();

        foreach (var name in new[] { "patch_embed_out", "block0_out", "block1_out", "neck_conv1_out" })
        {
            if (golden.TryGetValue(name, out var expected))
            {
                GoldenTensors.MaxExcess(seen[name], expected, TinyEncoderTolerance).Should().BeLessThanOrEqualTo(TinyEncoderTolerance, because: name);
            }
        }

        GoldenTensors.MaxExcess(embeddings, golden["image_embeddings"], TinyEncoderTolerance).Should().BeLessThanOrEqualTo(TinyEncoderTolerance);
        GoldenTensors.MaxExcess(densePe, golden["dense_pe"], TinyEncoderTolerance).Should().BeLessThanOrEqualTo(TinyEncoderTolerance);
    }
}
