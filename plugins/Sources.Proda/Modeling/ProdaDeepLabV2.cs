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

    private static readonly int[] s_blocks = [3, 4, 23, 3];

#pragma warning disable IDE1006, SA1300 // naming: the fields are a file format
    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly MaxPool2d maxpool;
    private readonly Sequential layer1;
    private readonly Sequential layer2;
    private readonly Sequential layer3;
    private readonly Sequential layer4;
    private readonly ProdaClassifier layer5;
    private readonly BatchNorm2d? bn_pretrain;
#pragma warning restore IDE1006, SA1300

    /// <summary>Creates the network with default (untrained) weights.</summary>
    /// <param name="classes">Number of classes (19 for Cityscapes, 16 for SYNTHIA).</param>
    /// <param name="width">Base channel count: 64 is ProDA's network; a positive multiple of 8 otherwise.
    /// Every channel count scales with it (the head has <c>4 · width</c> channels).</param>
    /// <param name="withBnPretrain">Add ProDA's <c>bn_pretrain</c> BatchNorm after <c>layer4</c> (<c>--bn_clr</c>, the
    /// SimCLR-initialised stage-2/3 students); their checkpoints carry <c>bn_pretrain.*</c> keys.</param>
    public ProdaDeepLabV2(int classes = 19, int width = ReferenceWidth, bool withBnPretrain = false)
        : base(nameof(ProdaDeepLabV2))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 1);
        if (width < 8 || width % 8 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(width), width, "The width must be a positive multiple of 8 (GroupNorm uses 32 groups over 4 · width channels).");
        }

        Classes = classes;
        Width = width;
        conv1 = nn.Conv2d(3, width, kernel_size: 7, stride: 2, padding: 3, bias: false);
        bn1 = nn.BatchNorm2d(width);
        maxpool = nn.MaxPool2d(kernel_size: 3, stride: 2, padding: 1, ceil_mode: true);
        var inplanes = width;
        layer1 = MakeLayer(ref inplanes, width, s_blocks[0], stride: 1, dilation: 1);
        layer2 = MakeLayer(ref inplanes, width * 2, s_blocks[1], stride: 2, dilation: 1);
        layer3 = MakeLayer(ref inplanes, width * 4, s_blocks[2], stride: 1, dilation: 2);
        layer4 = MakeLayer(ref inplanes, width * 8, s_blocks[3], stride: 1, dilation: 4);
        if (withBnPretrain)
        {
            bn_pretrain = nn.BatchNorm2d(inplanes);
        }

        layer5 = new ProdaClassifier(inplanes, width * 4, classes);
        RegisterComponents();
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
            var y = maxpool.forward(bn1.forward(conv1.forward(x)).relu_()); // [B, w, H/4+, W/4+]
            y = layer1.forward(y);                                                     // [B, 4w, ...]
            y = layer2.forward(y);                                                     // [B, 8w, H/8+, W/8+]
            y = layer4.forward(layer3.forward(y));                                     // [B, 32w, H/8+, W/8+]
            features = (bn_pretrain is null ? y : bn_pretrain.forward(y)).MoveToOuterDisposeScope();
        }

        using (features)
        {
            return layer5.forward(features);
        }
    }

    private static Sequential MakeLayer(ref int inplanes, int planes, int blocks, int stride, int dilation)
    {
        var modules = new nn.Module<Tensor, Tensor>[blocks];
        var withDownsample = stride != 1 || inplanes != planes * ProdaBottleneck.Expansion || dilation == 2 || dilation == 4;
        modules[0] = new ProdaBottleneck(inplanes, planes, stride, dilation, withDownsample);
        inplanes = planes * ProdaBottleneck.Expansion;
        for (var i = 1; i < blocks; i++)
        {
            modules[i] = new ProdaBottleneck(inplanes, planes, 1, dilation, withDownsample: false);
        }

        return nn.Sequential(modules);
    }
}
