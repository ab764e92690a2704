namespace SeCo.Plugins.Scc.Noise;

/// <summary>The result of <see cref="LossNoiseModel.Estimate"/>: per region (input order) its normalised loss and noise probability η.</summary>
/// <param name="NormalizedLosses">The losses min-max normalised to [0, 1] (all 0 when they are equal).</param>
/// <param name="NoiseProbabilities">η: the posterior of the larger-mean component; 0 for every region under a fallback.</param>
/// <param name="LossMin">The smallest loss (0 when there are none).</param>
/// <param name="LossMax">The largest loss (0 when there are none).</param>
/// <param name="Mixture">The fitted mixture (on the normalised losses); null under a fallback other than <see cref="NoiseFallback.EqualMeans"/>.</param>
/// <param name="NoisyComponent">The index of the larger-mean component of <paramref name="Mixture"/>; null under a fallback.</param>
/// <param name="Fallback">Why no posterior was used, or <see cref="NoiseFallback.None"/>.</param>
public sealed record NoiseEstimate(
    IReadOnlyList<double> NormalizedLosses,
    IReadOnlyList<double> NoiseProbabilities,
    double LossMin,
    double LossMax,
    TwoComponentGaussianMixture? Mixture,
    int? NoisyComponent,
    NoiseFallback Fallback);
