using SeCo.Plugins.Adapt.UniMatch.Losses;
using SeCo.Plugins.Adapt.UniMatch.Optimization;
using SeCo.Testing;
using SeCo.Vision.Checkpoints;
using TorchSharp;
using static TorchSharp.torch;

namespace Adapt.UniMatch.Tests.Golden;

/// <summary>
/// The loop body of <c>unimatch.py</c> run with fixed logits (golden README §10): every loss, intermediate and gradient of
/// the total loss with respect to the logits. README tolerance: bit-identical.
/// </summary>
public sealed class LossStepGoldenTests
{
    /// <summary>README: "Loss step (all variants, intermediates, gradients) ... bit-identical".</summary>
    private const double BitIdentical = 0;

    /// <summary>The reference's schedule for this step: lr0 0.005, epoch 0, i 0, total_iters 100.</summary>
    private const double BaseLearningRate = 0.005;
    private const long TotalIterations = 100;

    public static TheoryData<string> Variants => new()
    {
        "ohem_minkept200_conf0.95",
        "ohem_minkept200_conf0",
        "ohem_minkept1500_conf0",
        "ohem_minkept5000_conf0",
        "ce_ignore255_conf0.95",
        "ce_ignore255_conf0",
    };

    [Theory]
    [MemberData(nameof(Variants))]
    public void Every_stored_loss_intermediate_and_gradient_matches_unimatch(string variant)
    {
        using var scope = NewDisposeScope();
        var inputs = SafeTensors.Load(GoldenData.PathOf("unimatch", "loss_step_inputs.safetensors"));
        var expected = SafeTensors.Load(GoldenData.PathOf("unimatch", $"loss_step_{variant}.safetensors"));
        var (criterion, confidence) = Configure(variant);

        var logits = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var name in new[] { "pred_x", "pred_u_w", "pred_u_w_fp", "pred_u_s1", "pred_u_s2" })
        {
            logits[name] = inputs[name].detach().clone().requires_grad_(true);
        }

        var loss = new UniMatchLoss(criterion, confidence);
        var result = loss.Compute(new UniMatchLossInputs(
            logits["pred_x"], inputs["mask_x"], logits["pred_u_w"], logits["pred_u_w_fp"], logits["pred_u_s1"], logits["pred_u_s2"],
            inputs["pred_u_w_mix"], inputs["ignore_mask"], inputs["ignore_mask_mix"], inputs["cutmix_box1"], inputs["cutmix_box2"]));
        result.Loss.backward();

        var actual = new Dictionary<string, Tensor>(StringComparer.Ordinal)
        {
            ["loss"] = result.Loss.reshape(1),
            ["loss_x"] = result.LossX.reshape(1),
            ["loss_u_s1"] = result.LossUS1.reshape(1),
            ["loss_u_s2"] = result.LossUS2.reshape(1),
            ["loss_u_w_fp"] = result.LossUWFp.reshape(1),
            ["mask_ratio"] = result.MaskRatio.to(float64).reshape(1),
            ["lr_after"] = tensor(new[] { PolyLearningRate.At(BaseLearningRate, 0, TotalIterations) }),
            ["conf_u_w"] = result.ConfUW,
            ["mask_u_w"] = result.MaskUW,
            ["conf_u_w_mix"] = result.ConfUWMix,
            ["mask_u_w_mix"] = result.MaskUWMix,
            ["mask_u_w_cutmixed1"] = result.CutMixed1.Mask,
            ["conf_u_w_cutmixed1"] = result.CutMixed1.Conf,
            ["ignore_mask_cutmixed1"] = result.CutMixed1.Ignore,
            ["mask_u_w_cutmixed2"] = result.CutMixed2.Mask,
            ["conf_u_w_cutmixed2"] = result.CutMixed2.Conf,
            ["ignore_mask_cutmixed2"] = result.CutMixed2.Ignore,
            ["ce_u_s1_per_pixel"] = result.CeUS1PerPixel,
            ["ce_u_s2_per_pixel"] = result.CeUS2PerPixel,
            ["ce_u_w_fp_per_pixel"] = result.CeUWFpPerPixel,
            ["img_u_s1"] = CutMix.Paste(inputs["img_u_s1"], inputs["img_u_s1_mix"], inputs["cutmix_box1"]),
            ["img_u_s2"] = CutMix.Paste(inputs["img_u_s2"], inputs["img_u_s2_mix"], inputs["cutmix_box2"]),
        };
        if (criterion is OhemCrossEntropy ohem)
        {
            actual["ohem_target_after_mining"] = ohem.MineTarget(inputs["pred_x"], inputs["mask_x"]).to(uint8);
        }

        foreach (var (name, leaf) in logits)
        {
            actual["grad_" + name] = leaf.grad ?? zeros_like(leaf);
        }

        foreach (var (name, reference) in expected)
        {
            actual.Should().ContainKey(name, "every stored value of the variant is checked");
            var value = actual[name];
            value.shape.Should().Equal(reference.shape, name);
            value.dtype.Should().Be(reference.dtype, name);
            var difference = value.to(float64).sub(reference.to(float64)).abs().max().ToDouble();
            difference.Should().BeLessThanOrEqualTo(BitIdentical, $"{variant}: {name}");
        }
    }

    private static (ISegmentationCriterion Criterion, double Confidence) Configure(string variant)
    {
        var confidence = variant.EndsWith("conf0.95", StringComparison.Ordinal) ? 0.95 : 0.0;
        if (variant.StartsWith("ce_ignore255", StringComparison.Ordinal))
        {
            return (new IgnoreIndexCrossEntropy(255), confidence);
        }

        var minKept = long.Parse(variant["ohem_minkept".Length..variant.IndexOf('_', "ohem_minkept".Length)], System.Globalization.CultureInfo.InvariantCulture);
        return (new OhemCrossEntropy(threshold: 0.7, minKept: minKept, ignoreIndex: 255), confidence);
    }
}
