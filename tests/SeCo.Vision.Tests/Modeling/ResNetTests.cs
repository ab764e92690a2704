using System.Globalization;
using System.Text.Json;
using SeCo.Testing;
using SeCo.Vision.Modeling;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SeCo.Vision.Tests.Modeling;

public sealed class ResNetTests
{
    [Theory]
    [InlineData(18, 120)]
    [InlineData(34, 216)]
    [InlineData(50, 318)]
    [InlineData(101, 624)]
    public void Torchvision_layouts_have_torchvision_keys_and_parameter_order(int depth, int count)
    {
        using var trunk = new Trunk(ResNetLayout.ForDepth(depth, width: 8));
        var expected = TorchvisionKeys(depth);

        var keys = trunk.state_dict().Keys.ToList();

        keys.Should().HaveCount(count, "torchvision's resnet{0} state dict has {1} keys besides fc.weight and fc.bias", depth, count);
        // TorchSharp lists all parameters before the buffers: the key set is compared, and the parameters' order.
        keys.Should().BeEquivalentTo(expected);
        trunk.named_parameters().Select(p => p.name).Should().Equal(
            expected.Where(k => k.EndsWith(".weight", StringComparison.Ordinal) || k.EndsWith(".bias", StringComparison.Ordinal)));
    }

    [Fact]
    public void Reference_width_resnet50_has_torchvision_shapes()
    {
        using var trunk = new Trunk(ResNetLayout.ForDepth(50));
        var state = trunk.state_dict();

        state["conv1.weight"].shape.Should().Equal(64, 3, 7, 7);
        state["layer1.0.conv1.weight"].shape.Should().Equal(64, 64, 1, 1);
        state["layer1.0.downsample.0.weight"].shape.Should().Equal(256, 64, 1, 1);
        state["layer2.0.conv2.weight"].shape.Should().Equal(128, 128, 3, 3);
        state["layer4.2.conv3.weight"].shape.Should().Equal(2048, 512, 1, 1);
        state["layer4.2.bn3.running_var"].shape.Should().Equal(2048);
        trunk.Resnet.OutChannels.Should().Be(2048);
        trunk.named_modules().Select(m => m.name).Should().Contain("maxpool");
    }

    [Fact]
    public void Deep_stem_layout_has_the_keys_and_shapes_of_unimatchs_backbone()
    {
        var layout = (ResNetLayout.ForDepth(101) with { Stem = ResNetStemKind.Deep, InPlaceActivations = true })
            .WithStrideReplacedByDilation([false, false, true]);
        using var trunk = new Trunk(layout);

        ExpectManifest(trunk, GoldenData.PathOf("unimatch", "deeplabv3plus_r101_manifest.json"), "backbone.");
    }

    [Fact]
    public void Caffe_layout_has_the_keys_and_shapes_of_prodas_deeplabv2_backbone()
    {
        using var trunk = new Trunk(ProdaLayout(ResNetLayout.ReferenceWidth));

        ExpectManifest(trunk, GoldenData.PathOf("sources", "proda_deeplabv2_manifest.json"), "");
    }

    [Theory]
    [InlineData(ResNetStemKind.Conv3x3, 32, 32, 8, 4, 4)]   // stride 1, no pool: /8
    [InlineData(ResNetStemKind.Conv7x7, 64, 64, 8, 2, 2)]   // 7x7/2 + pool: /32
    [InlineData(ResNetStemKind.Deep, 64, 64, 16, 2, 2)]     // 3x conv, first stride 2, + pool: /32, stem 2w
    public void Stems_give_the_expected_output_sizes(ResNetStemKind stem, int height, int width, int stemChannels, int outHeight, int outWidth)
    {
        using var scope = NewDisposeScope();
        using var trunk = new Trunk(ResNetLayout.ForDepth(18, width: 8) with { Stem = stem });
        trunk.eval();

        var output = trunk.forward(randn(2, 3, height, width));

        trunk.Resnet.Layout.StemChannels.Should().Be(stemChannels);
        output.shape.Should().Equal(2, 64, outHeight, outWidth);
        trunk.named_modules().Any(m => m.name == "maxpool").Should().Be(stem != ResNetStemKind.Conv3x3);
    }

    [Fact]
    public void Dilated_layouts_keep_the_resolution_of_their_output_stride()
    {
        using var scope = NewDisposeScope();
        var unimatch = (ResNetLayout.ForDepth(50, width: 4) with { Stem = ResNetStemKind.Deep })
            .WithStrideReplacedByDilation([false, false, true]);
        using var os16 = new Trunk(unimatch);
        using var proda = new Trunk(ProdaLayout(8));
        os16.eval();
        proda.eval();

        os16.forward(randn(1, 3, 64, 64)).shape.Should().Equal(1, 128, 4, 4);
        // ceil-mode pool: 64x128 -> 32x64 -> 17x33 -> stride-2 layer2 -> 9x17 (as 256x512 -> 33x65 in ProDA).
        proda.forward(randn(1, 3, 64, 128)).shape.Should().Equal(1, 256, 9, 17);
    }

    [Fact]
    public void Stride_replaced_by_dilation_follows_torchvision()
    {
        var layout = ResNetLayout.ForDepth(101).WithStrideReplacedByDilation([false, true, true]);

        layout.Stages.Select(s => (s.Stride, s.FirstDilation, s.Dilation)).Should().Equal((1, 1, 1), (2, 1, 1), (1, 1, 2), (1, 2, 4));
        using var trunk = new Trunk(ResNetLayout.ForDepth(50, width: 4).WithStrideReplacedByDilation([false, false, true]));
        Conv("layer4.0.conv2").dilation.Should().Equal(1, 1);
        Conv("layer4.1.conv2").dilation.Should().Equal(2, 2);
        Conv("layer4.1.conv2").padding.Should().Equal(2, 2);
        Conv("layer4.0.downsample.0").stride.Should().Equal(1, 1);

        Conv2d Conv(string name) => (Conv2d)trunk.named_modules().Single(m => m.name == name).module;
    }

    [Theory]
    [InlineData(BottleneckStride.Conv3x3, 1, 2)]
    [InlineData(BottleneckStride.Conv1x1, 2, 1)]
    public void The_bottleneck_stride_sits_where_the_layout_says(BottleneckStride strideOn, int conv1Stride, int conv2Stride)
    {
        using var trunk = new Trunk(ResNetLayout.ForDepth(50, width: 4) with { BottleneckStride = strideOn });
        var modules = trunk.named_modules().ToDictionary(m => m.name, m => m.module);

        ((Conv2d)modules["layer2.0.conv1"]).stride.Should().Equal(conv1Stride, conv1Stride);
        ((Conv2d)modules["layer2.0.conv2"]).stride.Should().Equal(conv2Stride, conv2Stride);
        ((Conv2d)modules["layer2.0.downsample.0"]).stride.Should().Equal(2, 2);
        ((Conv2d)modules["layer2.1.conv1"]).stride.Should().Equal(1, 1);
    }

    [Fact]
    public void The_gate_sees_the_stem_features_before_the_pool()
    {
        using var scope = NewDisposeScope();
        using var trunk = new Trunk(ResNetLayout.ForDepth(50, width: 4));
        trunk.eval();
        using var noGrad = no_grad();
        var images = randn(1, 3, 32, 32);
        long[]? seen = null;

        var gated = trunk.Resnet.Stem(images, x =>
        {
            seen = x.shape;
            return x.mul(0);
        });

        seen.Should().Equal(1, 4, 16, 16);
        gated.shape.Should().Equal(1, 4, 8, 8);
        gated.abs().max().item<float>().Should().Be(0);
        trunk.Resnet.Stem(images).abs().max().item<float>().Should().BeGreaterThan(0);
    }

    [Fact]
    public void In_place_and_out_of_place_activations_give_identical_outputs_and_gradients()
    {
        using var scope = NewDisposeScope();
        manual_seed(5);
        using var outOfPlace = new Trunk(ResNetLayout.ForDepth(50, width: 4));
        using var inPlace = new Trunk(ResNetLayout.ForDepth(50, width: 4) with { InPlaceActivations = true });
        inPlace.load_state_dict(outOfPlace.state_dict());
        var images = randn(2, 3, 32, 32);

        var a = outOfPlace.forward(images);
        var b = inPlace.forward(images);
        a.sum().backward();
        b.sum().backward();

        TensorBits.Identical(a, b).Should().BeTrue();
        var gradients = inPlace.named_parameters().ToDictionary(p => p.name, p => p.parameter.grad!);
        foreach (var (name, parameter) in outOfPlace.named_parameters())
        {
            TensorBits.Identical(parameter.grad!, gradients[name]).Should().BeTrue(name);
        }
    }

    [Fact]
    public void Initialisation_is_kaiming_normal_fan_out_with_identity_batch_norm()
    {
        using var scope = NewDisposeScope();
        manual_seed(1);
        using var trunk = new Trunk(ResNetLayout.ForDepth(50, width: 16));

        ResNet.InitializeWeights(trunk);

        var state = trunk.state_dict();
        var weight = state["layer3.0.conv2.weight"]; // [64, 64, 3, 3]: fan-out 64 · 9
        var expectedStd = Math.Sqrt(2.0 / (64 * 9));
        weight.std().item<float>().Should().BeApproximately((float)expectedStd, (float)(0.05 * expectedStd));
        weight.mean().item<float>().Should().BeApproximately(0, (float)(0.05 * expectedStd));
        state["layer3.0.bn2.weight"].eq(1).all().item<bool>().Should().BeTrue();
        state["layer3.0.bn2.bias"].eq(0).all().item<bool>().Should().BeTrue();
    }

    [Fact]
    public void Invalid_layouts_are_rejected()
    {
        var depth = () => ResNetLayout.ForDepth(42);
        var dilatedBasic = () => new ResNet(ResNetLayout.ForDepth(18, 8).WithStrideReplacedByDilation([false, false, true]));
        var threeStages = () => new ResNet(ResNetLayout.ForDepth(18, 8) with { Stages = [new(2), new(2, 2), new(2, 2)] });

        depth.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("depth");
        dilatedBasic.Should().Throw<ArgumentException>().WithMessage("*dilation 1*");
        threeStages.Should().Throw<ArgumentException>().WithMessage("*four stages*");
    }

    /// <summary>ProDA's DeepLab-v2 trunk (as <c>ProdaDeepLabV2.Layout</c> builds it; restated here, the test cannot see the plugin).</summary>
    private static ResNetLayout ProdaLayout(int width)
    {
        var r101 = ResNetLayout.ForDepth(101, width);
        return r101 with
        {
            BottleneckStride = BottleneckStride.Conv1x1,
            CeilModeMaxPool = true,
            InPlaceActivations = true,
            Stages = [r101.Stages[0], r101.Stages[1], r101.Stages[2] with { Stride = 1, Dilation = 2 }, r101.Stages[3] with { Stride = 1, Dilation = 4 }],
        };
    }

    /// <summary>The state dict keys of torchvision's <c>resnet{depth}</c> without <c>fc</c>, in its order.</summary>
    private static List<string> TorchvisionKeys(int depth)
    {
        string[] norm = ["weight", "bias", "running_mean", "running_var", "num_batches_tracked"];
        var (convs, blocks) = depth switch
        {
            18 => (2, new[] { 2, 2, 2, 2 }),
            34 => (2, new[] { 3, 4, 6, 3 }),
            50 => (3, new[] { 3, 4, 6, 3 }),
            _ => (3, new[] { 3, 4, 23, 3 }),
        };
        var keys = new List<string> { "conv1.weight" };
        keys.AddRange(norm.Select(n => "bn1." + n));
        for (var stage = 0; stage < 4; stage++)
        {
            for (var block = 0; block < blocks[stage]; block++)
            {
                var prefix = string.Create(CultureInfo.InvariantCulture, $"layer{stage + 1}.{block}.");
                for (var c = 1; c <= convs; c++)
                {
                    keys.Add(string.Create(CultureInfo.InvariantCulture, $"{prefix}conv{c}.weight"));
                    keys.AddRange(norm.Select(n => string.Create(CultureInfo.InvariantCulture, $"{prefix}bn{c}.{n}")));
                }

                // Every torchvision stage's first block projects (stride 2, or 64 -> 256 channels in layer1 of a bottleneck net),
                // except layer1 of the basic-block nets (64 -> 64, stride 1).
                if (block == 0 && (stage > 0 || convs == 3))
                {
                    keys.Add(prefix + "downsample.0.weight");
                    keys.AddRange(norm.Select(n => prefix + "downsample.1." + n));
                }
            }
        }

        return keys;
    }

    /// <summary>Expects the trunk's keys, shapes and parameter order to be the manifest's entries under <paramref name="prefix"/> (conv1 .. layer4).</summary>
    private static void ExpectManifest(Trunk trunk, string manifest, string prefix)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(manifest));
        var entries = document.RootElement.GetProperty("entries").EnumerateArray()
            .Select(e => (Key: e.GetProperty("key").GetString()!, Entry: e))
            .Where(e => e.Key.StartsWith(prefix, StringComparison.Ordinal))
            .Select(e => (Key: e.Key[prefix.Length..], e.Entry))
            .Where(e => e.Key.StartsWith("conv1.", StringComparison.Ordinal) || e.Key.StartsWith("bn1.", StringComparison.Ordinal)
                || (e.Key.StartsWith("layer", StringComparison.Ordinal) && e.Key[5] is >= '1' and <= '4'))
            .ToList();
        var state = trunk.state_dict();

        entries.Should().NotBeEmpty();
        state.Keys.Should().BeEquivalentTo(entries.Select(e => e.Key));
        foreach (var (key, entry) in entries)
        {
            state[key].shape.Should().Equal(entry.GetProperty("shape").EnumerateArray().Select(s => s.GetInt64()), key);
        }

        trunk.named_parameters().Select(p => p.name).Should().Equal(
            entries.Where(e => e.Entry.GetProperty("is_param").GetBoolean()).Select(e => e.Key));
    }

    /// <summary>A network that is only the trunk, its modules registered as the plugins' networks register them.</summary>
    private sealed class Trunk : nn.Module<Tensor, Tensor>
    {
        public Trunk(ResNetLayout layout)
            : base(nameof(Trunk))
        {
            Resnet = new ResNet(layout);
            Resnet.RegisterIn(this);
        }

        public ResNet Resnet { get; }

        public override Tensor forward(Tensor input) => Resnet.Forward(input);
    }
}
