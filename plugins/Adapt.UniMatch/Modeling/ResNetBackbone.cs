using SeCo.Vision.Modeling;
using TorchSharp;
using static TorchSharp.torch;

namespace SeCo.Plugins.Adapt.UniMatch.Modeling;

/// <summary>
/// UniMatch's deep-stem ResNet (<c>model/backbone/resnet.py</c>, "ResNet-C"): a <see cref="ResNet"/> with the
/// <see cref="ResNetStemKind.Deep"/> stem (<c>conv1</c> = three 3x3 convs <c>3→w</c> stride 2, <c>w→w</c>, <c>w→2w</c>,
/// BatchNorm/ReLU between them, then <c>bn1</c>, ReLU and a 3x3/2 max-pool) and four bottleneck stages, ReLUs in
/// place. Parameter names are the keys of UniMatch's <c>pretrained/resnet101.pth</c> (<c>conv1.0.weight</c>,
/// <c>conv1.1.running_mean</c>, <c>bn1.weight</c>, <c>layer1.0.conv1.weight</c>, ...).
/// </summary>
/// <remarks>
/// With <c>replace_stride_with_dilation = [false, false, true]</c> the first block of <c>layer4</c> keeps dilation 1
/// (the dilation before the switch) and a stride-1 shortcut, the other blocks use dilation 2: output stride 16.
/// Convolutions are Kaiming-normal (fan-out, ReLU), BatchNorm weights 1 and biases 0, as in the reference.
/// </remarks>
public sealed class ResNetBackbone : nn.Module<Tensor, (Tensor C1, Tensor C4)>
{
    private readonly ResNet _trunk; // not a module: its conv1, bn1, maxpool, layer1..4 are registered on this backbone

    /// <summary>Creates a randomly initialised backbone (draws from torch's default generator).</summary>
    /// <param name="depth">50 or 101.</param>
    /// <param name="baseWidth">Stem width: 64 for the reference network.</param>
    /// <param name="replaceStrideWithDilation">Per <c>layer2..layer4</c>: dilate instead of striding.</param>
    public ResNetBackbone(int depth, int baseWidth, IReadOnlyList<bool> replaceStrideWithDilation)
        : base(nameof(ResNetBackbone))
    {
        ArgumentNullException.ThrowIfNull(replaceStrideWithDilation);
        var config = new DeepLabV3PlusConfig(1) { Depth = depth, BaseWidth = baseWidth, ReplaceStrideWithDilation = replaceStrideWithDilation };
        _trunk = new ResNet(config.BackboneLayout);
        _trunk.RegisterIn(this);
        LowLevelChannels = _trunk.Layout.StageChannels(0);
        HighLevelChannels = _trunk.OutChannels;
        ResNet.InitializeWeights(this);
    }

    /// <summary>Channels of <c>c1</c> (<c>layer1</c>; 256 for the reference width).</summary>
    public long LowLevelChannels { get; }

    /// <summary>Channels of <c>c4</c> (<c>layer4</c>; 2048 for the reference width).</summary>
    public long HighLevelChannels { get; }

    /// <summary>
    /// UniMatch's <c>base_forward</c>, keeping the two features DeepLabV3+ uses: <c>c1</c> (<c>layer1</c>, stride 4)
    /// and <c>c4</c> (<c>layer4</c>, stride 16 with the reference dilation).
    /// </summary>
    public override (Tensor C1, Tensor C4) forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var layers = _trunk.Layers;
        var c1 = layers[0].forward(_trunk.Stem(x));                                      // [B, 4w, H/4, W/4]
        var c4 = layers[3].forward(layers[2].forward(layers[1].forward(c1)));            // [B, 32w, H/16, W/16]
        return (c1.MoveToOuterDisposeScope(), c4.MoveToOuterDisposeScope());
    }
}
