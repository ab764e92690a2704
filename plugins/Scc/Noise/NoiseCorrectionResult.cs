namespace SeCo.Plugins.Scc.Noise;

/// <summary>The outcome of <see cref="NoiseCorrection.Apply"/>.</summary>
/// <param name="Estimate">The noise model: normalised losses, η per region, the fitted mixture.</param>
/// <param name="Decisions">Per region, in the input order.</param>
/// <param name="NoiseThreshold">τ_ns used.</param>
/// <param name="CorrectionThreshold">τ_cr used.</param>
/// <param name="Settings">The mixture's EM settings.</param>
public sealed record NoiseCorrectionResult(
    NoiseEstimate Estimate,
    IReadOnlyList<RegionDecision> Decisions,
    double NoiseThreshold,
    double CorrectionThreshold,
    GaussianMixtureSettings Settings);
