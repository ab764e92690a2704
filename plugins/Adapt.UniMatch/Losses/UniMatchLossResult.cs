using static TorchSharp.torch;

namespace SeCo.Plugins.Adapt.UniMatch.Losses;

/// <summary>
/// Every component of one UniMatch step's loss, as scalar tensors (read them with <c>ToDouble()</c> when logging, not
/// per pixel), plus the intermediates the reference computes. The tensors belong to the caller's dispose scope.
/// </summary>
public sealed record UniMatchLossResult
{
    /// <summary><c>(loss_x + 0.25·loss_u_s1 + 0.25·loss_u_s2 + 0.5·loss_u_w_fp) / 2</c>, connected for backward.</summary>
    public required Tensor Loss { get; init; }

    /// <summary>Supervised loss on the labelled batch (<c>loss_x</c>).</summary>
    public required Tensor LossX { get; init; }

    /// <summary>Masked CE of the first strong view against the CutMix-ed weak pseudo-label (<c>loss_u_s1</c>).</summary>
    public required Tensor LossUS1 { get; init; }

    /// <summary>The same for the second strong view (<c>loss_u_s2</c>).</summary>
    public required Tensor LossUS2 { get; init; }

    /// <summary>Masked CE of the feature-perturbed weak view against its own pseudo-label (<c>loss_u_w_fp</c>).</summary>
    public required Tensor LossUWFp { get; init; }

    /// <summary>(Strong views together) <c>(loss_u_s1 + loss_u_s2) / 2</c>, as UniMatch logs <c>loss_u_s</c>.</summary>
    public required Tensor LossUS { get; init; }

    /// <summary>Share of non-ignored weak-view pixels passing the confidence threshold (float32 scalar, as the reference).</summary>
    public required Tensor MaskRatio { get; init; }

    /// <summary>Weak-view confidence <c>max softmax(pred_u_w)</c> <c>[B, H, W]</c>.</summary>
    public required Tensor ConfUW { get; init; }

    /// <summary>Weak-view pseudo-label <c>argmax softmax(pred_u_w)</c> <c>[B, H, W]</c> (int64).</summary>
    public required Tensor MaskUW { get; init; }

    /// <summary>Mix-partner confidence <c>[B, H, W]</c>.</summary>
    public required Tensor ConfUWMix { get; init; }

    /// <summary>Mix-partner pseudo-label <c>[B, H, W]</c> (int64).</summary>
    public required Tensor MaskUWMix { get; init; }

    /// <summary>Pseudo-label, confidence and ignore mask of the first strong view after CutMix.</summary>
    public required (Tensor Mask, Tensor Conf, Tensor Ignore) CutMixed1 { get; init; }

    /// <summary>Pseudo-label, confidence and ignore mask of the second strong view after CutMix.</summary>
    public required (Tensor Mask, Tensor Conf, Tensor Ignore) CutMixed2 { get; init; }

    /// <summary>Unweighted per-pixel CE of the first strong view <c>[B, H, W]</c>.</summary>
    public required Tensor CeUS1PerPixel { get; init; }

    /// <summary>Unweighted per-pixel CE of the second strong view <c>[B, H, W]</c>.</summary>
    public required Tensor CeUS2PerPixel { get; init; }

    /// <summary>Unweighted per-pixel CE of the feature-perturbed view <c>[B, H, W]</c>.</summary>
    public required Tensor CeUWFpPerPixel { get; init; }
}
