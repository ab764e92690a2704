using System.Text.Json;
using SeCo.Plugins.Scc.Noise;

namespace Scc.Tests.Noise;

public sealed class NoiseModelReportTests
{
    [Fact]
    public void Summary_counts_regions_and_pixels_per_decision_and_bins_every_region_once()
    {
        double[] losses = [0.02, 0.05, 0.07, 0.10, 0.12, 0.15, 0.20, 0.30, 1.10, 1.60, 2.00, 2.40, 3.00, 0.04, 0.09];
        double[] top = [0.98, 0.97, 0.96, 0.92, 0.90, 0.88, 0.85, 0.80, 0.97, 0.60, 0.96, 0.40, 0.99, 0.97, 0.93];
        var predictions = NoiseDecisionRuleTests.Predictions(losses, top);
        var result = NoiseCorrection.Apply(predictions, 0.6, 0.95, GaussianMixtureSettings.BetaDivideMix);

        using var json = JsonDocument.Parse(NoiseModelReport.Serialize(result, predictions));

        var root = json.RootElement;
        root.GetProperty("regions").GetInt32().Should().Be(15);
        root.GetProperty("pixels").GetInt64().Should().Be(30, "every test region has 2 pixels");
        var decisions = root.GetProperty("decisions");
        decisions.GetProperty("kept").GetProperty("regions").GetInt32().Should().Be(10);
        decisions.GetProperty("relabelled").GetProperty("regions").GetInt32().Should().Be(3);
        decisions.GetProperty("relabelled").GetProperty("changedRegions").GetInt32().Should().Be(3, "prediction 5 differs from pseudo-label 2");
        decisions.GetProperty("dropped").GetProperty("pixels").GetInt64().Should().Be(4);
        var histogram = root.GetProperty("histogram");
        histogram.GetProperty("bins").GetInt32().Should().Be(NoiseModelReport.Bins);
        histogram.GetProperty("kept").EnumerateArray().Sum(v => v.GetInt32()).Should().Be(10);
        histogram.GetProperty("dropped")[NoiseModelReport.Bins - 1].GetInt32().Should().Be(0, "the loss 3.00 (normalised 1) was relabelled");
        histogram.GetProperty("relabelled")[NoiseModelReport.Bins - 1].GetInt32().Should().Be(1, "normalised 1 falls in the last bin");
        var gmm = root.GetProperty("gmm");
        gmm.GetProperty("fallback").GetString().Should().Be("none");
        gmm.GetProperty("iterations").GetInt32().Should().Be(4);
        gmm.GetProperty("means")[1].GetDouble().Should().Be(result.Estimate.Mixture!.Means[1]);
        gmm.GetProperty("noiseThresholdLosses").EnumerateArray().Should().NotBeEmpty();
        root.GetProperty("thresholds").GetProperty("noise").GetDouble().Should().Be(0.6);
        root.GetProperty("loss").GetProperty("max").GetDouble().Should().Be(3.0);
    }

    [Fact]
    public void Summary_of_a_fallback_has_no_mixture_parameters()
    {
        var predictions = NoiseDecisionRuleTests.Predictions([0.4, 0.4], [0.5, 0.5]);
        var result = NoiseCorrection.Apply(predictions, 0.6, 0.95, GaussianMixtureSettings.BetaDivideMix);

        using var json = JsonDocument.Parse(NoiseModelReport.Serialize(result, predictions));

        var gmm = json.RootElement.GetProperty("gmm");
        gmm.GetProperty("fallback").GetString().Should().Be("equalLosses");
        gmm.TryGetProperty("means", out _).Should().BeFalse();
        json.RootElement.GetProperty("decisions").GetProperty("kept").GetProperty("regions").GetInt32().Should().Be(2);
    }
}
