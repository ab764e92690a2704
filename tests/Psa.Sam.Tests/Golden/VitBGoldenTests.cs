using System.Text.Json;
using SeCo.Plugins.Psa.Prompting;
using SeCo.Testing;

namespace Psa.Sam.Tests.Golden;

[Trait("Category", "Slow")]
public sealed class VitBGoldenTests : IClassFixture<VitBDetFillFixture>
{
    /// <summary>README: ViT-B embeddings atol 1e-3.</summary>
    private const double VitBEmbeddingTolerance = 1e-3;

    /// <summary>README: intermediate slices atol 1e-3 + rtol 1e-4.</summary>
    private const double VitBSliceAbsoluteTolerance = 1e-3;

    /// <summary>README: intermediate slices rtol 1e-4; intermediate statistics rtol 1e-4.</summary>
    private const double VitBRelativeTolerance = 1e-4;

    /// <summary>README: ViT-B low_res_logits and iou_predictions atol 1e-3.</summary>
    private const double VitBLogitTolerance = 1e-3;

    private readonly VitBDetFillFixture _fixture;

    public VitBGoldenTests(VitBDetFillFixture fixture) => _fixture = fixture;

    [Fact]
    public void Vit_b_embeddings_match_reference()
    {
        var golden = GoldenTensors.Load(GoldenData.PathOf("sam", "vit_b", "embeddings.safetensors"));

        _fixture.Predictor.InputSize.Should().Be((719, 1024));
        GoldenTensors.MaxExcess(_fixture.Predictor.Features, golden["image_embeddings"], 0).Should().BeLessThanOrEqualTo(VitBEmbeddingTolerance);
    }

    [Fact]
    public void Vit_b_intermediate_slices_match_reference()
    {
        var golden = GoldenTensors.Load(GoldenData.PathOf("sam", "vit_b", "embeddings.safetensors"));

        GoldenTensors.MaxExcess(_fixture.InputSlice, golden["input_preprocessed_slice"], VitBRelativeTolerance).Should().BeLessThanOrEqualTo(VitBSliceAbsoluteTolerance);
        foreach (var (name, slice) in _fixture.Slices)
        {
            GoldenTensors.MaxExcess(slice, golden[name + "_slice"], VitBRelativeTolerance).Should().BeLessThanOrEqualTo(VitBSliceAbsoluteTolerance, because: name);
        }
    }

    [Fact]
    public void Vit_b_intermediate_statistics_match_reference()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(GoldenData.PathOf("sam", "vit_b", "intermediates.json")));
        var compared = 0;
        foreach (var stat in document.RootElement.GetProperty("stats").EnumerateObject())
        {
            if (!_fixture.Intermediates.TryGetValue(stat.Name, out var actual))
            {
                continue;
            }

            compared++;
            var e = stat.Value;
            var absMean = e.GetProperty("abs_mean").GetDouble();
            actual.Std.Should().BeApproximately(e.GetProperty("std").GetDouble(), VitBRelativeTolerance * e.GetProperty("std").GetDouble(), because: stat.Name);
            actual.AbsMean.Should().BeApproximately(absMean, VitBRelativeTolerance * absMean, because: stat.Name);
            actual.Min.Should().BeApproximately(e.GetProperty("min").GetDouble(), VitBRelativeTolerance * Math.Abs(e.GetProperty("min").GetDouble()), because: stat.Name);
            actual.Max.Should().BeApproximately(e.GetProperty("max").GetDouble(), VitBRelativeTolerance * Math.Abs(e.GetProperty("max").GetDouble()), because: stat.Name);

            // The mean of a near-zero-mean tensor is compared relative to the typical magnitude (abs_mean).
            actual.Mean.Should().BeApproximately(e.GetProperty("mean").GetDouble(), VitBRelativeTolerance * absMean, because: stat.Name);
        }

        compared.Should().BeGreaterThanOrEqualTo(15);
    }

    [Fact]
    public void Vit_b_predictions_match_reference()
    {
        foreach (var c in PredictCase.Read("vit_b"))
        {
            var golden = GoldenTensors.Load(GoldenData.PathOf("sam", "vit_b", c.File));
            var prompt = new SamPrompt { Points = c.Points, Box = c.Box };

            using var prediction = _fixture.Predictor.Predict(prompt, c.MultimaskOutput, c.ReturnLogits);

            GoldenTensors.MaxExcess(prediction.IouPredictions, golden["iou_predictions"], 0).Should().BeLessThanOrEqualTo(VitBLogitTolerance, because: c.Name);
            GoldenTensors.MaxExcess(prediction.LowResLogits, golden["low_res_logits"], 0).Should().BeLessThanOrEqualTo(VitBLogitTolerance, because: c.Name);
            prediction.Masks.ne(golden["masks"]).sum().item<long>().Should().Be(0, because: c.Name);
        }
    }
}
