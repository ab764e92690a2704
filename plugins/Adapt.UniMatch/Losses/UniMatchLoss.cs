using TorchSharp;
using static TorchSharp.torch;

namespace SeCo.Plugins.Adapt.UniMatch.Losses;

/// <summary>
/// The loss of one UniMatch training step (<c>unimatch.py</c>), from the model's predictions:
/// weak-view pseudo-labels and confidences, CutMix replacement of target/confidence/ignore inside each strong view's
/// box by the mix partner's, the supervised loss, the three unlabelled losses
/// <c>Σ CE · [conf ≥ τ ∧ ignore ≠ 255] / #[ignore ≠ 255]</c> (the denominator counts every non-ignored pixel, not
/// only the confident ones) and <c>loss = (loss_x + 0.25·loss_u_s1 + 0.25·loss_u_s2 + 0.5·loss_u_w_fp) / 2</c>.
/// </summary>
public sealed class UniMatchLoss
{
    /// <summary>The ignore value of the unlabelled ignore masks (padding).</summary>
    public const long IgnoreValue = 255;

    /// <summary>Creates the loss.</summary>
    /// <param name="labelledCriterion">UniMatch's <c>criterion_l</c> (<see cref="OhemCrossEntropy"/> for SeCo's runs).</param>
    /// <param name="confidenceThreshold">UniMatch's <c>conf_thresh</c> τ (SeCo: 0, every pixel passes).</param>
    public UniMatchLoss(ISegmentationCriterion labelledCriterion, double confidenceThreshold)
    {
        ArgumentNullException.ThrowIfNull(labelledCriterion);
        LabelledCriterion = labelledCriterion;
        ConfidenceThreshold = confidenceThreshold;
    }

    /// <summary>The supervised loss.</summary>
    public ISegmentationCriterion LabelledCriterion { get; }

    /// <summary>The confidence threshold τ of the unlabelled losses.</summary>
    public double ConfidenceThreshold { get; }

    /// <summary>Computes every component; the returned tensors live in the caller's dispose scope.</summary>
    public UniMatchLossResult Compute(UniMatchLossInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        Tensor confUW, maskUW, confMix, maskMix;
        using (no_grad())
        {
            (confMix, maskMix) = inputs.PredUWMix.detach().softmax(1).max(1);   // [B, H, W]
            (confUW, maskUW) = inputs.PredUW.detach().softmax(1).max(1);        // [B, H, W]
        }

        var mixed1 = MixTargets(maskUW, confUW, inputs.IgnoreMask, maskMix, confMix, inputs.IgnoreMaskMix, inputs.CutmixBox1);
        var mixed2 = MixTargets(maskUW, confUW, inputs.IgnoreMask, maskMix, confMix, inputs.IgnoreMaskMix, inputs.CutmixBox2);

        var lossX = LabelledCriterion.Compute(inputs.PredX, inputs.MaskX);

        var ceS1 = nn.functional.cross_entropy(inputs.PredUS1, mixed1.Mask, reduction: nn.Reduction.None); // [B, H, W]
        var ceS2 = nn.functional.cross_entropy(inputs.PredUS2, mixed2.Mask, reduction: nn.Reduction.None);
        var ceFp = nn.functional.cross_entropy(inputs.PredUWFp, maskUW, reduction: nn.Reduction.None);
        var lossS1 = MaskedMean(ceS1, mixed1.Conf, mixed1.Ignore);
        var lossS2 = MaskedMean(ceS2, mixed2.Conf, mixed2.Ignore);
        var lossFp = MaskedMean(ceFp, confUW, inputs.IgnoreMask);

        var loss = lossX.add(lossS1.mul(0.25)).add(lossS2.mul(0.25)).add(lossFp.mul(0.5)).div(2.0);
        var lossS = lossS1.add(lossS2).div(2.0);

        Tensor maskRatio;
        using (no_grad())
        {
            // Reference: `int / tensor`, which PyTorch evaluates as `tensor.reciprocal() * int` in float32.
            var confident = confUW.ge(ConfidenceThreshold).logical_and(inputs.IgnoreMask.ne(IgnoreValue)).sum();
            maskRatio = inputs.IgnoreMask.ne(IgnoreValue).sum().reciprocal().mul(confident);
        }

        return new UniMatchLossResult
        {
            Loss = loss,
            LossX = lossX,
            LossUS1 = lossS1,
            LossUS2 = lossS2,
            LossUWFp = lossFp,
            LossUS = lossS,
            MaskRatio = maskRatio,
            ConfUW = confUW,
            MaskUW = maskUW,
            ConfUWMix = confMix,
            MaskUWMix = maskMix,
            CutMixed1 = mixed1,
            CutMixed2 = mixed2,
            CeUS1PerPixel = ceS1,
            CeUS2PerPixel = ceS2,
            CeUWFpPerPixel = ceFp,
        };
    }

    /// <summary>
    /// The combination of the four losses, in the reference's evaluation order:
    /// <c>(loss_x + loss_u_s1·0.25 + loss_u_s2·0.25 + loss_u_w_fp·0.5) / 2</c>.
    /// </summary>
    public static double Combine(double lossX, double lossUS1, double lossUS2, double lossUWFp) =>
        (lossX + lossUS1 * 0.25 + lossUS2 * 0.25 + lossUWFp * 0.5) / 2.0;

    private static (Tensor Mask, Tensor Conf, Tensor Ignore) MixTargets(
        Tensor mask, Tensor conf, Tensor ignore, Tensor maskMix, Tensor confMix, Tensor ignoreMix, Tensor box) =>
        (CutMix.Paste(mask, maskMix, box), CutMix.Paste(conf, confMix, box), CutMix.Paste(ignore, ignoreMix, box));

    /// <summary><c>Σ ce · [conf ≥ τ ∧ ignore ≠ 255] / #[ignore ≠ 255]</c>, without a host round trip.</summary>
    private Tensor MaskedMean(Tensor ce, Tensor conf, Tensor ignore)
    {
        using var scope = NewDisposeScope();
        var kept = ignore.ne(IgnoreValue);
        Tensor weight;
        using (no_grad())
        {
            weight = conf.ge(ConfidenceThreshold).logical_and(kept);
        }

        return ce.mul(weight).sum().div(kept.sum()).MoveToOuterDisposeScope();
    }
}
