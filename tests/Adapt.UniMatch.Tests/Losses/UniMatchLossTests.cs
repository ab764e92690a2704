using Adapt.UniMatch.Tests.Modeling;
using SeCo.Plugins.Adapt.UniMatch.Losses;
using TorchSharp;
using static TorchSharp.torch;

namespace Adapt.UniMatch.Tests.Losses;

public sealed class UniMatchLossTests
{
    private const double FloatPrecision = 1e-6;

    [Fact]
    public void Losses_are_combined_with_the_reference_weights()
    {
        // Spec §7: loss_x 1.0, s1 0.4, s2 0.6, fp 0.2 -> (1 + 0.1 + 0.15 + 0.1) / 2.
        UniMatchLoss.Combine(1.0, 0.4, 0.6, 0.2).Should().BeApproximately(0.675, 1e-15);
    }

    [Fact]
    public void Unlabelled_losses_divide_by_every_non_ignored_pixel_not_only_the_confident_ones()
    {
        using var scope = NewDisposeScope();
        var inputs = RandomInputs(seed: 1, ignoreFirstRow: true);
        var strict = new UniMatchLoss(new IgnoreIndexCrossEntropy(), confidenceThreshold: 0.99).Compute(inputs);
        var lenient = new UniMatchLoss(new IgnoreIndexCrossEntropy(), confidenceThreshold: 0).Compute(inputs);

        var ignore = inputs.IgnoreMask.ne(255);
        var denominator = ignore.sum().ToDouble();
        var confident = strict.ConfUW.ge(0.99).logical_and(ignore);
        strict.LossUWFp.ToDouble().Should().BeApproximately(strict.CeUWFpPerPixel.mul(confident).sum().ToDouble() / denominator, FloatPrecision);
        lenient.LossUWFp.ToDouble().Should().BeApproximately(lenient.CeUWFpPerPixel.mul(ignore).sum().ToDouble() / denominator, FloatPrecision);
        lenient.MaskRatio.ToDouble().Should().Be(1.0, "with conf_thresh 0 every non-ignored pixel passes (SeCo's logs)");
        strict.MaskRatio.ToDouble().Should().BeApproximately(confident.sum().ToDouble() / denominator, FloatPrecision);
    }

    [Fact]
    public void Strong_view_targets_take_the_mix_partner_inside_the_cutmix_box()
    {
        using var scope = NewDisposeScope();
        var inputs = RandomInputs(seed: 2, ignoreFirstRow: false);

        var result = new UniMatchLoss(new IgnoreIndexCrossEntropy(), 0).Compute(inputs);

        var inside = inputs.CutmixBox1.eq(1);
        result.CutMixed1.Mask.masked_select(inside).IsIdenticalTo(result.MaskUWMix.masked_select(inside)).Should().BeTrue();
        result.CutMixed1.Mask.masked_select(inside.logical_not()).IsIdenticalTo(result.MaskUW.masked_select(inside.logical_not())).Should().BeTrue();
        result.CutMixed1.Ignore.masked_select(inside).IsIdenticalTo(inputs.IgnoreMaskMix.masked_select(inside)).Should().BeTrue();
        result.CutMixed2.Conf.masked_select(inputs.CutmixBox2.eq(1)).IsIdenticalTo(result.ConfUWMix.masked_select(inputs.CutmixBox2.eq(1))).Should().BeTrue();
        var ce = nn.functional.cross_entropy(inputs.PredUS1, result.CutMixed1.Mask, reduction: nn.Reduction.None);
        result.LossUS1.ToDouble().Should().BeApproximately(ce.mul(result.CutMixed1.Ignore.ne(255)).sum().ToDouble() / result.CutMixed1.Ignore.ne(255).sum().ToDouble(), FloatPrecision);
    }

    [Fact]
    public void Total_loss_combines_its_components_and_the_weak_view_gets_no_gradient()
    {
        using var scope = NewDisposeScope();
        var inputs = RandomInputs(seed: 3, ignoreFirstRow: true);
        inputs.PredUW.requires_grad_(true);
        inputs.PredUS2.requires_grad_(true);

        var result = new UniMatchLoss(new OhemCrossEntropy(0.7, 10), 0).Compute(inputs);
        result.Loss.backward();

        result.Loss.ToDouble().Should().BeApproximately(
            UniMatchLoss.Combine(result.LossX.ToDouble(), result.LossUS1.ToDouble(), result.LossUS2.ToDouble(), result.LossUWFp.ToDouble()), FloatPrecision);
        result.LossUS.ToDouble().Should().BeApproximately((result.LossUS1.ToDouble() + result.LossUS2.ToDouble()) / 2, FloatPrecision);
        inputs.PredUW.grad.Should().BeNull("pred_u_w is detached in the reference");
        inputs.PredUS2.grad!.abs().sum().ToDouble().Should().BeGreaterThan(0);
    }

    [Fact]
    public void Cutmix_paste_replaces_every_channel_inside_the_box()
    {
        using var scope = NewDisposeScope();
        var image = zeros(2, 3, 4, 4);
        var partner = ones(2, 3, 4, 4);
        var box = zeros(2, 4, 4);
        box[0, 1, 2] = tensor(1f);

        var mixed = CutMix.Paste(image, partner, box);

        mixed.sum().ToDouble().Should().Be(3);
        mixed[0, TensorIndex.Colon, 1, 2].eq(1).all().ToBoolean().Should().BeTrue();
        image.sum().ToDouble().Should().Be(0, "the input is not modified");
    }

    private static UniMatchLossInputs RandomInputs(int seed, bool ignoreFirstRow)
    {
        using var generator = new Generator((ulong)seed);
        const int b = 2, c = 4, h = 6, w = 7;
        Tensor Logits() => randn([b, c, h, w], generator: generator).mul(3);
        var maskX = randint(0, c, [b, h, w], generator: generator);
        maskX[0, 0, 0] = tensor(255L);
        var ignore = zeros([b, h, w], ScalarType.Int64);
        if (ignoreFirstRow)
        {
            ignore[TensorIndex.Colon, 0] = tensor(255L);
        }

        var ignoreMix = zeros([b, h, w], ScalarType.Int64);
        ignoreMix[TensorIndex.Colon, TensorIndex.Colon, 0] = tensor(255L);
        var box1 = zeros(b, h, w);
        box1[0, TensorIndex.Slice(1, 4), TensorIndex.Slice(0, 3)] = tensor(1f);
        var box2 = zeros(b, h, w);
        box2[1, TensorIndex.Slice(2, 6), TensorIndex.Slice(1, 5)] = tensor(1f);
        return new UniMatchLossInputs(Logits(), maskX, Logits(), Logits(), Logits(), Logits(), Logits(), ignore, ignoreMix, box1, box2);
    }
}
