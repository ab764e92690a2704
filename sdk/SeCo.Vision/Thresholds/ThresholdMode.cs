using System.Text.Json.Serialization;

namespace SeCo.Vision.Thresholds;

/// <summary>How pixel pseudo-labels are thresholded.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ThresholdMode>))]
public enum ThresholdMode
{
    /// <summary>
    /// CBST class-balanced thresholds (<c>solve_ST.py</c>, <c>--kc-policy cb</c>): per class the k-th largest
    /// sampled confidence, <c>k = floor(n · portion)</c>; label = argmax of <c>p_c / thr_c</c>, ignored
    /// where that maximum is below 1.
    /// </summary>
    ClassBalanced,

    /// <summary>
    /// CBST's global policy (<c>--kc-policy global</c>): one threshold over the samples of all classes;
    /// label = argmax, ignored where its confidence is below the threshold.
    /// </summary>
    GlobalConfidence,

    /// <summary>
    /// Keeps the most confident <c>portion</c> of each class's pixels (as DT-ST's candidate
    /// pseudo-labels; the SeCo paper feeds "the top 50%"): per class, ascending confidences <c>x</c>,
    /// <c>thr_c = x[round(n · (1 − portion))]</c> (round half to even); label = argmax, ignored where its
    /// confidence is below its class threshold.
    /// </summary>
    ClassTopPortion,
}
