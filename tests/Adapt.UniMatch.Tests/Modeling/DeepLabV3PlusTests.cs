using SeCo.Plugins.Adapt.UniMatch.Modeling;
using TorchSharp;
using static TorchSharp.torch;

namespace Adapt.UniMatch.Tests.Modeling;

public sealed class DeepLabV3PlusTests
{
    private const int Classes = 5;

    /// <summary>Same-process float32 CPU runs of one network with batch 1 vs batch 2 (different conv kernels).</summary>
    private const double BatchKernelTolerance = 1e-4;

    [Fact]
    public void Tiny_network_gives_logits_at_the_input_size_and_stride_4_and_16_features()
    {
        using var scope = NewDisposeScope();
        using var model = CreateTiny(seed: 1);
        model.eval();
        using var noGrad = no_grad();
        var x = randn(2, 3, 129, 97);

        var (c1, c4) = model.Backbone.forward(x);
        var logits = model.forward(x);

        c1.shape.Should().Equal(2, 32, 33, 25);   // stem /2, max-pool /2
        c4.shape.Should().Equal(2, 256, 9, 7);    // layer2, layer3 /2; layer4 dilated
        logits.shape.Should().Equal(2, Classes, 129, 97);
    }

    [Fact]
    public void Forward_is_the_decoder_output_upsampled_with_aligned_corners()
    {
        using var scope = NewDisposeScope();
        using var model = CreateTiny(seed: 2);
        model.eval();
        using var noGrad = no_grad();
        var x = randn(1, 3, 64, 80);

        var (c1, c4) = model.Backbone.forward(x);
        var decoded = model.Decode(c1, c4);
        var expected = nn.functional.interpolate(decoded, size: [64, 80], mode: InterpolationMode.Bilinear, align_corners: true);

        decoded.shape.Should().Equal(1, Classes, 16, 20);
        model.forward(x).IsIdenticalTo(expected).Should().BeTrue();
    }

    [Fact]
    public void Feature_perturbation_decodes_clean_and_dropped_features_in_one_batch()
    {
        using var scope = NewDisposeScope();
        var masks = new RecordingMasks(seed: 3);
        using var model = CreateTiny(seed: 3, masks);
        model.eval();
        using var noGrad = no_grad();
        var x = randn(2, 3, 64, 64);

        var (logits, fpLogits) = model.ForwardWithFeaturePerturbation(x);

        masks.Issued.Select(m => m.shape).Should().BeEquivalentTo(new[] { new long[] { 2, 32, 1, 1 }, new long[] { 2, 256, 1, 1 } }, o => o.WithStrictOrdering());
        var (c1, c4) = model.Backbone.forward(x);
        var decoded = model.Decode(cat([c1, c1.mul(masks.Issued[0])], 0), cat([c4, c4.mul(masks.Issued[1])], 0));
        var upsampled = nn.functional.interpolate(decoded, size: [64, 64], mode: InterpolationMode.Bilinear, align_corners: true);
        logits.IsIdenticalTo(upsampled.narrow(0, 0, 2)).Should().BeTrue();
        fpLogits.IsIdenticalTo(upsampled.narrow(0, 2, 2)).Should().BeTrue();
        AssertClose(logits, model.forward(x));
        fpLogits.sub(logits).abs().max().ToDouble().Should().BeGreaterThan(1e-3, "half of the channels are dropped");
        masks.Issued.ForEach(m => m.Dispose());
    }

    [Fact]
    public void Feature_dropout_stays_active_in_eval_mode_like_the_fresh_reference_module()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(7);
        using var model = CreateTiny(seed: 4, new BernoulliChannelDropoutMasks(0.5, generator));
        model.eval();
        using var noGrad = no_grad();
        var x = randn(1, 3, 64, 64);

        var first = model.ForwardWithFeaturePerturbation(x).FpLogits;
        var second = model.ForwardWithFeaturePerturbation(x).FpLogits;

        first.IsIdenticalTo(second).Should().BeFalse("every call draws new masks");
    }

    [Fact]
    public void In_training_mode_batch_norm_normalises_over_both_halves()
    {
        using var scope = NewDisposeScope();
        using var model = CreateTiny(seed: 5, new ConstantMasks(0));
        model.train();
        var x = randn(2, 3, 64, 64);

        var (logits, fpLogits) = model.ForwardWithFeaturePerturbation(x);
        var plain = model.forward(x);

        // Zeroed features in the second half shift the batch statistics, so the clean half differs from a plain pass.
        logits.sub(plain).abs().max().ToDouble().Should().BeGreaterThan(1e-3);
        fpLogits.shape.Should().Equal(2, Classes, 64, 64);
        logits.requires_grad.Should().BeTrue();
    }

    [Fact]
    public void Same_seed_gives_identical_weights_and_outputs()
    {
        using var scope = NewDisposeScope();
        using var first = CreateTiny(seed: 11);
        using var second = CreateTiny(seed: 11);
        using var other = CreateTiny(seed: 12);
        first.eval();
        second.eval();
        using var noGrad = no_grad();
        var x = randn(1, 3, 64, 64);

        first.forward(x).IsIdenticalTo(second.forward(x)).Should().BeTrue();
        first.state_dict()["classifier.weight"].IsIdenticalTo(other.state_dict()["classifier.weight"]).Should().BeFalse();
    }

    [Fact]
    public void Reset_gives_kaiming_normal_fan_out_backbone_convolutions_and_identity_batch_norm()
    {
        using var scope = NewDisposeScope();
        using var model = new DeepLabV3Plus(DeepLabV3PlusConfig.ResNet50(19) with { BaseWidth = 16 });
        using var generator = new Generator(8);
        model.ResetParameters(generator);
        var state = model.state_dict();

        // layer3.0.conv2: [64, 64, 3, 3], fan_out = 64·9, std = sqrt(2 / fan_out).
        var weight = state["backbone.layer3.0.conv2.weight"];
        weight.std().ToDouble().Should().BeApproximately(Math.Sqrt(2.0 / (64 * 9)), 0.005);
        state["backbone.layer3.0.bn2.weight"].eq(1).all().ToBoolean().Should().BeTrue();
        state["backbone.bn1.bias"].eq(0).all().ToBoolean().Should().BeTrue();

        // Head convolutions keep PyTorch's default: U(±1/sqrt(fan_in)); classifier fan_in = 64.
        state["classifier.weight"].abs().max().ToDouble().Should().BeLessThanOrEqualTo(1 / Math.Sqrt(64));
        state["classifier.bias"].abs().max().ToDouble().Should().BeGreaterThan(0);
    }

    [Fact]
    public void Parameter_groups_split_backbone_from_head_like_unimatch()
    {
        using var model = CreateTiny(seed: 6);
        var backbone = model.BackboneParameters();
        var head = model.HeadParameters();

        backbone.Should().OnlyContain(p => p.Name.StartsWith("backbone.", StringComparison.Ordinal));
        head.Select(p => p.Name).Should().Contain(["head.b4.gap.1.weight", "reduce.0.weight", "fuse.3.weight", "classifier.bias"]);
        (backbone.Count + head.Count).Should().Be(model.parameters().Count());
    }

    [Fact]
    public void Configuration_rejects_unknown_depths_and_bad_widths()
    {
        var depth = () => new DeepLabV3Plus(new DeepLabV3PlusConfig(19) { Depth = 34 });
        var width = () => new DeepLabV3Plus(new DeepLabV3PlusConfig(19) { BaseWidth = 6 });
        var dilations = () => new DeepLabV3Plus(new DeepLabV3PlusConfig(19) { Dilations = [6, 12] });

        depth.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*50 or 101*");
        width.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*multiple of 4*");
        dilations.Should().Throw<ArgumentException>().WithMessage("*three positive ASPP dilations*");
    }

    /// <summary>A tiny network initialised from its own generator (tests run in parallel; torch's default generator is shared).</summary>
    internal static DeepLabV3Plus CreateTiny(int seed, IChannelDropoutMasks? masks = null, int classes = Classes)
    {
        var model = new DeepLabV3Plus(DeepLabV3PlusConfig.Tiny(classes), masks);
        using var generator = new Generator((ulong)seed);
        model.ResetParameters(generator);
        return model;
    }

    private static void AssertClose(Tensor actual, Tensor expected)
    {
        var scale = Math.Max(1, expected.abs().max().ToDouble());
        actual.sub(expected).abs().max().ToDouble().Should().BeLessThanOrEqualTo(BatchKernelTolerance * scale);
    }

    private sealed class RecordingMasks(int seed) : IChannelDropoutMasks
    {
        private readonly BernoulliChannelDropoutMasks _inner = new(0.5, new Generator((ulong)seed));

        public List<Tensor> Issued { get; } = [];

        public Tensor Next(long batch, long channels, ScalarType dtype, Device device)
        {
            var mask = _inner.Next(batch, channels, dtype, device);
            Issued.Add(mask.clone().DetachFromDisposeScope()); // the model disposes its own scope
            return mask;
        }
    }

    private sealed class ConstantMasks(double value) : IChannelDropoutMasks
    {
        public Tensor Next(long batch, long channels, ScalarType dtype, Device device) => full([batch, channels, 1, 1], value, dtype, device);
    }
}
