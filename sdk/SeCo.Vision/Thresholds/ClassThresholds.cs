namespace SeCo.Vision.Thresholds;

/// <summary>Per-class confidence thresholds and the statistics they were computed from.</summary>
/// <param name="Mode">The thresholding mode.</param>
/// <param name="Portion">The portion the thresholds were computed for.</param>
/// <param name="Raw">The thresholds as the reference computes them (0 for classes never predicted or with <c>k = 0</c>).</param>
/// <param name="PoolSizes">The reference's <c>cls_size</c>: samples per class including CBST's leading 0 (0 for absent classes).</param>
/// <param name="PredictedPixels">Pixels whose argmax is each class, over all images.</param>
public sealed record ClassThresholds(
    ThresholdMode Mode,
    double Portion,
    IReadOnlyList<float> Raw,
    IReadOnlyList<long> PoolSizes,
    IReadOnlyList<long> PredictedPixels)
{
    /// <summary>
    /// The thresholds applied: for the CBST modes every 0 becomes 1.0 (as CBST does before assigning);
    /// for <see cref="ThresholdMode.ClassTopPortion"/> the raw values.
    /// </summary>
    public float[] Effective()
    {
        var effective = new float[Raw.Count];
        for (var c = 0; c < effective.Length; c++)
        {
            effective[c] = Mode != ThresholdMode.ClassTopPortion && Raw[c] == 0f ? 1f : Raw[c];
        }

        return effective;
    }
}
