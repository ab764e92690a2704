using static TorchSharp.torch;

namespace SeCo.Plugins.Adapt.UniMatch.Losses;

/// <summary>A supervised segmentation loss (UniMatch's <c>criterion_l</c>): logits and integer targets to a scalar.</summary>
public interface ISegmentationCriterion
{
    /// <summary>The loss.</summary>
    /// <param name="logits">Predictions <c>[B, C, H, W]</c>.</param>
    /// <param name="target">Class ids <c>[B, H, W]</c> (int64); the criterion's ignore index marks unlabelled pixels.</param>
    /// <returns>A scalar tensor connected to <paramref name="logits"/> for autograd.</returns>
    Tensor Compute(Tensor logits, Tensor target);
}
