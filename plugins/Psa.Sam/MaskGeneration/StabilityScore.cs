using static TorchSharp.torch;

namespace SeCo.Plugins.Psa.MaskGeneration;

/// <summary>The reference <c>calculate_stability_score</c>: IoU of the masks thresholded at <c>t + o</c> and <c>t − o</c>.</summary>
public static class StabilityScore
{
    /// <summary>
    /// <c>count(L &gt; t + o) / count(L &gt; t − o)</c> per mask for logits <c>[..., H, W]</c> (0/0 gives NaN);
    /// returns float32 <c>[...]</c>.
    /// </summary>
    public static Tensor Calculate(Tensor logits, double maskThreshold, double offset)
    {
        ArgumentNullException.ThrowIfNull(logits);
        using var scope = NewDisposeScope();
        var intersections = logits.gt(maskThreshold + offset).sum([-1, -2], type: ScalarType.Int32);
        var unions = logits.gt(maskThreshold - offset).sum([-1, -2], type: ScalarType.Int32);
        return intersections.to(float32).div(unions.to(float32)).MoveToOuterDisposeScope();
    }
}
