using SeCo.Plugins.Scc.Noise;
using SeCo.Plugins.Scc.Thresholds;
using SeCo.Vision.LabelMaps;
using SeCo.Vision.Rle;

namespace Scc.Tests.Noise;

/// <summary>SCC-LD's keep / relabel / drop (spec <c>scc-ld.md</c> §1.5, §4.4, §4.6).</summary>
public sealed class NoiseDecisionRuleTests
{
    [Theory]
    [InlineData(0.59, 0.10, RegionDecision.Keep)]
    [InlineData(0.00, 0.99, RegionDecision.Keep)]
    [InlineData(0.61, 0.96, RegionDecision.Relabel)]
    [InlineData(0.61, 0.95, RegionDecision.Drop)]
    [InlineData(0.99, 0.40, RegionDecision.Drop)]
    [InlineData(0.60, 0.99, RegionDecision.Drop)]
    [InlineData(double.NaN, 0.99, RegionDecision.Drop)]
    public void Strict_inequalities_as_written_and_eta_equal_to_the_threshold_drops(double eta, double top, RegionDecision expected) =>
        NoiseDecisionRule.Decide(eta, top, NoiseDecisionRule.DefaultNoiseThreshold, NoiseDecisionRule.DefaultCorrectionThreshold).Should().Be(expected);

    [Fact]
    public void Kept_regions_keep_the_pseudo_label_relabelled_take_the_prediction_dropped_are_ignore()
    {
        NoiseDecisionRule.LabelOf(RegionDecision.Keep, 3, 7).Should().Be(3, "a clean region keeps its label even when the classifier disagrees");
        NoiseDecisionRule.LabelOf(RegionDecision.Relabel, 3, 7).Should().Be(7);
        NoiseDecisionRule.LabelOf(RegionDecision.Drop, 3, 7).Should().Be(LabelMap.Ignore);
    }

    [Fact]
    public void Spec_vector_keeps_the_low_losses_relabels_confident_noisy_regions_and_drops_the_others()
    {
        double[] losses = [0.02, 0.05, 0.07, 0.10, 0.12, 0.15, 0.20, 0.30, 1.10, 1.60, 2.00, 2.40, 3.00, 0.04, 0.09];
        double[] top = [0.98, 0.97, 0.96, 0.92, 0.90, 0.88, 0.85, 0.80, 0.97, 0.60, 0.96, 0.40, 0.99, 0.97, 0.93];

        foreach (var settings in new[] { GaussianMixtureSettings.BetaDivideMix, GaussianMixtureSettings.ScikitLearnDefaults })
        {
            var result = NoiseCorrection.Apply(Predictions(losses, top), 0.6, 0.95, settings);

            var k = RegionDecision.Keep;
            result.Decisions.Should().Equal(k, k, k, k, k, k, k, k, RegionDecision.Relabel, RegionDecision.Drop, RegionDecision.Relabel, RegionDecision.Drop, RegionDecision.Relabel, k, k);
        }
    }

    [Fact]
    public void A_noisy_region_can_be_relabelled_to_a_class_that_has_no_regions()
    {
        // Pseudo-labels use classes 0 and 1 only; the classifier confidently predicts class 18 for the high-loss region.
        var predictions = Predictions([0.1, 0.12, 0.11, 2.0], [0.9, 0.9, 0.9, 0.99], predicted: [0, 1, 0, 18], noisy: [0, 1, 0, 1]);

        var result = NoiseCorrection.Apply(predictions, 0.6, 0.95, GaussianMixtureSettings.BetaDivideMix);

        result.Decisions.Should().Equal(RegionDecision.Keep, RegionDecision.Keep, RegionDecision.Keep, RegionDecision.Relabel);
        NoiseDecisionRule.LabelOf(result.Decisions[3], predictions[3].NoisyClass, predictions[3].PredictedClass).Should().Be(18);
    }

    internal static List<RegionPrediction> Predictions(double[] losses, double[] top, int[]? predicted = null, int[]? noisy = null) =>
        [.. losses.Select((loss, i) => new RegionPrediction(
            $"img{i % 2}", new CocoRle(4, 4, [(uint)i % 8, 2, 14 - ((uint)i % 8)]), loss, top[i], predicted?[i] ?? 5, noisy?[i] ?? 2, null))];
}
