using SeCo.Plugins.Scc.Thresholds;

namespace SeCo.Plugins.Scc.Noise;

/// <summary>
/// SCC-LD over a dataset (spec <c>scc-ld.md</c> §1.4–§1.5): one <see cref="LossNoiseModel"/> fit on the losses of all
/// regions (the early-trained classifier's cross-entropy against each region's pseudo-label), then
/// <see cref="NoiseDecisionRule"/> per region with its noise probability and the classifier's top probability.
/// </summary>
public static class NoiseCorrection
{
    /// <summary>Decides every region.</summary>
    /// <param name="predictions">All regions of the dataset, in any order; the result follows it.</param>
    /// <param name="noiseThreshold">τ_ns.</param>
    /// <param name="correctionThreshold">τ_cr.</param>
    /// <param name="settings">The mixture's EM settings.</param>
    /// <exception cref="ArgumentException">A loss is NaN or infinite.</exception>
    public static NoiseCorrectionResult Apply(IReadOnlyList<RegionPrediction> predictions, double noiseThreshold, double correctionThreshold, GaussianMixtureSettings settings)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        var losses = new double[predictions.Count];
        for (var i = 0; i < losses.Length; i++)
        {
            losses[i] = predictions[i].Loss;
        }

        var estimate = LossNoiseModel.Estimate(losses, settings);
        var decisions = new RegionDecision[losses.Length];
        for (var i = 0; i < decisions.Length; i++)
        {
            decisions[i] = NoiseDecisionRule.Decide(estimate.NoiseProbabilities[i], predictions[i].Score, noiseThreshold, correctionThreshold);
        }

        return new NoiseCorrectionResult(estimate, decisions, noiseThreshold, correctionThreshold, settings);
    }
}
