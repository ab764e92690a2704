namespace SeCo.Plugins.Scc.Noise;

/// <summary>Why <see cref="LossNoiseModel"/> fitted no mixture and set every noise probability to 0 (spec <c>scc-ld.md</c> §4.4).</summary>
public enum NoiseFallback
{
    /// <summary>The mixture was fitted; the noise probabilities are its posteriors.</summary>
    None,

    /// <summary>No regions: nothing to fit.</summary>
    NoRegions,

    /// <summary>One region: a two-component mixture needs two samples (scikit-learn raises).</summary>
    OneRegion,

    /// <summary>All losses are equal: min-max normalisation would divide by zero.</summary>
    EqualLosses,

    /// <summary>EM ended with two equal means: no component has the larger loss.</summary>
    EqualMeans,
}
