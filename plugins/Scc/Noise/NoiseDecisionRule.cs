using SeCo.Vision.LabelMaps;

namespace SeCo.Plugins.Scc.Noise;

/// <summary>
/// SCC-LD's keep / relabel / drop rule (spec <c>scc-ld.md</c> §1.5, Eqs. (3)–(4)) with strict inequalities as
/// written: keep when η &lt; τ_ns; relabel to the argmax when η &gt; τ_ns and the top probability &gt; τ_cr; else drop.
/// η = τ_ns exactly, and a NaN η or probability, drop.
/// </summary>
public static class NoiseDecisionRule
{
    /// <summary>The paper's noise threshold τ_ns.</summary>
    public const double DefaultNoiseThreshold = 0.6;

    /// <summary>The paper's correction threshold τ_cr.</summary>
    public const double DefaultCorrectionThreshold = 0.95;

    /// <summary>Decides one region.</summary>
    /// <param name="noiseProbability">η, the region's noise probability.</param>
    /// <param name="topProbability">The classifier's largest softmax probability for the region.</param>
    /// <param name="noiseThreshold">τ_ns.</param>
    /// <param name="correctionThreshold">τ_cr.</param>
    public static RegionDecision Decide(double noiseProbability, double topProbability, double noiseThreshold, double correctionThreshold)
    {
        if (noiseProbability < noiseThreshold)
        {
            return RegionDecision.Keep;
        }

        return noiseProbability > noiseThreshold && topProbability > correctionThreshold ? RegionDecision.Relabel : RegionDecision.Drop;
    }

    /// <summary>The label a region is painted with: its pseudo-label when kept, the prediction when relabelled, 255 when dropped.</summary>
    public static int LabelOf(RegionDecision decision, int pseudoLabel, int predictedClass) => decision switch
    {
        RegionDecision.Keep => pseudoLabel,
        RegionDecision.Relabel => predictedClass,
        _ => LabelMap.Ignore,
    };
}
