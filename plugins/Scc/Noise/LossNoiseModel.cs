namespace SeCo.Plugins.Scc.Noise;

/// <summary>
/// SCC-LD's noise model (spec <c>scc-ld.md</c> §1.4, §4.2–§4.4): the per-region losses of the whole dataset, clamped
/// to ≥ 0 and min-max normalised globally to [0, 1], are fitted with one two-component Gaussian mixture; a region's
/// noise probability η is the posterior of the component with the larger mean. Edge cases (§4.4): no regions, one
/// region, all losses equal, or equal fitted means give η = 0 for every region (keep all) and say why in
/// <see cref="NoiseEstimate.Fallback"/>.
/// </summary>
public static class LossNoiseModel
{
    /// <summary>Estimates η for every region.</summary>
    /// <param name="losses">One loss per region, in any order; the result follows it.</param>
    /// <param name="settings">The EM settings.</param>
    /// <exception cref="ArgumentException">A loss is NaN or infinite.</exception>
    public static NoiseEstimate Estimate(ReadOnlySpan<double> losses, GaussianMixtureSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        var n = losses.Length;
        var clamped = new double[n];
        for (var i = 0; i < n; i++)
        {
            if (!double.IsFinite(losses[i]))
            {
                throw new ArgumentException($"Loss {i} is {losses[i]}; expected finite losses.", nameof(losses));
            }

            clamped[i] = Math.Max(0, losses[i]);
        }

        var zeros = new double[n];
        if (n == 0)
        {
            return new NoiseEstimate(zeros, zeros, 0, 0, null, null, NoiseFallback.NoRegions);
        }

        var min = clamped.Min();
        var max = clamped.Max();
        if (n == 1)
        {
            return new NoiseEstimate(zeros, new double[n], min, max, null, null, NoiseFallback.OneRegion);
        }

        if (min == max)
        {
            return new NoiseEstimate(zeros, new double[n], min, max, null, null, NoiseFallback.EqualLosses);
        }

        var range = max - min;
        var normalized = new double[n];
        for (var i = 0; i < n; i++)
        {
            normalized[i] = (clamped[i] - min) / range;
        }

        var mixture = TwoComponentGaussianMixture.Fit(normalized, settings);
        if (mixture.LargerMeanComponent is not { } noisy)
        {
            return new NoiseEstimate(normalized, new double[n], min, max, mixture, null, NoiseFallback.EqualMeans);
        }

        return new NoiseEstimate(normalized, mixture.Posterior(normalized, noisy), min, max, mixture, noisy, NoiseFallback.None);
    }
}
