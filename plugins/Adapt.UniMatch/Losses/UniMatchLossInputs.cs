using static TorchSharp.torch;

namespace SeCo.Plugins.Adapt.UniMatch.Losses;

/// <summary>
/// The predictions and masks of one UniMatch training step (names as in <c>unimatch.py</c>). All logits are
/// <c>[B, C, H, W]</c> at the crop size; masks and boxes <c>[B, H, W]</c>.
/// </summary>
/// <param name="PredX">Labelled logits (clean half of the need-fp call).</param>
/// <param name="MaskX">Labelled targets (int64, 255 = ignore).</param>
/// <param name="PredUW">Weak-view logits (clean half of the need-fp call); detached inside the loss.</param>
/// <param name="PredUWFp">Feature-perturbed weak-view logits (the unlabelled part of the fp half).</param>
/// <param name="PredUS1">Logits of the first strong view (after CutMix of the images).</param>
/// <param name="PredUS2">Logits of the second strong view.</param>
/// <param name="PredUWMix">Eval-mode logits of the mix partner's weak view (no gradient).</param>
/// <param name="IgnoreMask">255 at padding pixels of the unlabelled crop, else 0 (int64).</param>
/// <param name="IgnoreMaskMix">The same for the mix partner.</param>
/// <param name="CutmixBox1">CutMix box of the first strong view (1 inside).</param>
/// <param name="CutmixBox2">CutMix box of the second strong view.</param>
public sealed record UniMatchLossInputs(
    Tensor PredX,
    Tensor MaskX,
    Tensor PredUW,
    Tensor PredUWFp,
    Tensor PredUS1,
    Tensor PredUS2,
    Tensor PredUWMix,
    Tensor IgnoreMask,
    Tensor IgnoreMaskMix,
    Tensor CutmixBox1,
    Tensor CutmixBox2);
