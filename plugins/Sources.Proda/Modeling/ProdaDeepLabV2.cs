using SeCo.Vision.Modeling;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SeCo.Plugins.Sources.Proda.Modeling;

/// <summary>
/// ProDA's segmenter (<c>models/deeplabv2.py</c>, <c>Deeplab(BatchNorm, num_classes)</c>): a Caffe-style
/// ResNet-101 with output stride 8 (ceil-mode max-pool, <c>layer3</c> dilation 2, <c>layer4</c> dilation 4)
/// and the <see cref="ProdaClassifier"/> head as <c>layer5</c>. Parameter names are ProDA's checkpoint keys,
/// so <c>model_state</c> of a released <c>.pkl</c> loads by name.
/// </summary>
/// <remarks>
/// A 256x512 input gives 33x65 logits, 512x1024 gives 65x129 and 1024x2048 gives 129x257. With
/// <see cref="Width"/> 64 the network is the reference one (65,063,568 parameters for 19 classes);
/// smaller widths give a structurally identical, cheap network for tests and demos.
/// </remarks>
public sealed class ProdaDeepLabV2 : nn.Module<Tensor, (Tensor Feat, Tensor Out)>
{
    /// <summary>The reference base width (channels of the stem).</summary>
    public const int ReferenceWidth = 64;

    private readonly ResNet _trunk; // not a module: its conv1, bn1, maxpool, layer1..4 are registered on this network
#pragma warning disable IDE1006, SA1300 // naming: the fields are a file format
    private readonly ProdaClassifier layer5;
    private readonly BatchNorm2d? bn_pretrain;
#pragma warning restore IDE1006, SA1300

    /// <summary>Creates the network with default (untrained) weights.</summary>
    /// <param name="classes">Number of classes: the pipeline taxonomy's count (no default, so it is declared once).</param>
    /// <param name="width">Base channel count: 64 is ProDA's network; a positive multiple of 8 otherwise.
    /// Every channel count scales with it (the head has <c>4 · width</c> channels).</param>
    /// <param name="withBnPretrain">Add ProDA's <c>bn_pretrain</c> BatchNorm after <c>layer4</c> (<c>--bn_clr</c>, the
    /// SimCLR-initialised stage-2/3 students); their checkpoints carry <c>bn_pretrain.*</c> keys.</param>
    public ProdaDeepLabV2(int classes, int width = ReferenceWidth, bool withBnPretrain = false)
        : base(nameof(ProdaDeepLabV2))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 1);
        if (width < 8 || width % 8 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(width), width, "The width must be a positive multiple of 8 (GroupNorm uses 32 groups over 4 · width channels).");
        }

        Classes = classes;
        Width = width;
        _trunk = new ResNet(Layout(width));
        _trunk.RegisterIn(this);
        var inplanes = (int)_trunk.OutChannels;
        if (withBnPretrain)
        {
            bn_pretrain = nn.BatchNorm2d(inplanes);
        }

        layer5 = new ProdaClassifier(inplanes, width * 4, classes);
        RegisterComponents();
    }

    /// <summary>
    /// ProDA's Caffe-style ResNet-101 at <paramref name="width"/>: the stride on each bottleneck's first 1x1 convolution,
    /// a ceil-mode max-pool after the 7x7/2 stem, <c>layer3</c> and <c>layer4</c> at stride 1 with dilation 2 and 4 on
    /// every block (output stride 8), ReLUs in place.
    /// </summary>
    public static ResNetLayout Layout(int width = ReferenceWidth)
    {
        var resnet101 = ResNetLayout.ForDepth(101, width);
        return resnet101 with
        {
            BottleneckStride = BottleneckStride.Conv1x1,
            CeilModeMaxPool = true,
            InPlaceActivations = true,
            Stages = [resnet101.Stages[0], resnet101.Stages[1], resnet101.Stages[2] with { Stride = 1, Dilation = 2 }, resnet101.Stages[3] with { Stride = 1, Dilation = 4 }],
        };
    }

    /// <summary>Number of classes.</summary>
    public int Classes { get; }

    /// <summary>Base channel count (64 for the reference network).</summary>
    public int Width { get; }

    /// <summary>
    /// Runs the network on inputs in [0, 1] (<see cref="Preprocessing.ProdaImagePreprocessor"/>).
    /// Returns ProDA's <c>feat</c> (<c>4 · width</c> channels, after the dropout) and <c>out</c> (logits),
    /// both at 1/8 resolution.
    /// </summary>
    public override (Tensor Feat, Tensor Out) forward(Tensor x)
    {
        Tensor features;
        using (var scope = NewDisposeScope())
        {
            var y = _trunk.Forward(x);                                                 // [B, 32w, H/8+, W/8+]
            features = (bn_pretrain is null ? y : bn_pretrain.forward(y)).MoveToOuterDisposeScope();
        }

        using (features)
        {
            return layer5.forward(features);
        }
    }
}
