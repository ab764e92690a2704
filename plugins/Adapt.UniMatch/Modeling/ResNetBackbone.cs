using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using SeCo.Vision.Modules;

namespace SeCo.Plugins.Adapt.UniMatch.Modeling;

/// <summary>
/// UniMatch's deep-stem ResNet (<c>model/backbone/resnet.py</c>, "ResNet-C"): <c>conv1</c> = three 3x3 convs
/// (<c>3→w</c> stride 2, <c>w→w</c>, <c>w→2w</c>) with BatchNorm/ReLU between them, then <c>bn1</c>, ReLU and a 3x3/2
/// max-pool, then four bottleneck stages. Parameter names are the keys of UniMatch's <c>pretrained/resnet101.pth</c>
/// (<c>conv1.0.weight</c>, <c>conv1.1.running_mean</c>, <c>bn1.weight</c>, <c>layer1.0.conv1.weight</c>, ...).
/// </summary>
/// <remarks>
/// With <c>replace_stride_with_dilation = [false, false, true]</c> the first block of <c>layer4</c> keeps dilation 1
/// (the dilation before the switch) and a stride-1 shortcut, the other blocks use dilation 2: output stride 16.
/// Convolutions are Kaiming-normal (fan-out, ReLU), BatchNorm weights 1 and biases 0, as in the reference.
/// </remarks>
public sealed class ResNetBackbone : nn.Module<Tensor, (Tensor C1, Tensor C4)>
{
#pragma warning disable IDE1006 // Field names are the checkpoint's parameter names.
    private readonly Sequential conv1;
    private readonly BatchNorm2d bn1;
    private readonly MaxPool2d maxpool;
    private readonly Sequential layer1;
    private readonly Sequential layer2;
    private readonly Sequential layer3;
    private readonly Sequential layer4;
#pragma warning restore IDE1006

    /// <summary>Creates a randomly initialised backbone (draws from torch's default generator).</summary>
    /// <param name="depth">50 or 101.</param>
    /// <param name="baseWidth">Stem width: 64 for the reference network.</param>
    /// <param name="replaceStrideWithDilation">Per <c>layer2..layer4</c>: dilate instead of striding.</param>
    public ResNetBackbone(int depth, int baseWidth, IReadOnlyList<bool> replaceStrideWithDilation)
        : base(nameof(ResNetBackbone))
    {
        ArgumentNullException.ThrowIfNull(replaceStrideWithDilation);
        var config = new DeepLabV3PlusConfig(1) { Depth = depth, BaseWidth = baseWidth, ReplaceStrideWithDilation = replaceStrideWithDilation };
        config.Validate();
        var blocks = config.BlocksPerStage;
        long w = baseWidth;
        conv1 = nn.Sequential(
            nn.Conv2d(3, w, kernel_size: 3, stride: 2, padding: 1, bias: false),
            nn.BatchNorm2d(w),
            nn.ReLU(inplace: true),
            nn.Conv2d(w, w, kernel_size: 3, stride: 1, padding: 1, bias: false),
            nn.BatchNorm2d(w),
            nn.ReLU(inplace: true),
            nn.Conv2d(w, 2 * w, kernel_size: 3, stride: 1, padding: 1, bias: false));
        bn1 = nn.BatchNorm2d(2 * w);
        maxpool = nn.MaxPool2d(kernel_size: 3, stride: 2, padding: 1);
        var inplanes = 2 * w;
        long dilation = 1;
        layer1 = MakeLayer(ref inplanes, ref dilation, w, blocks[0], stride: 1, dilate: false);
        layer2 = MakeLayer(ref inplanes, ref dilation, 2 * w, blocks[1], stride: 2, dilate: replaceStrideWithDilation[0]);
        layer3 = MakeLayer(ref inplanes, ref dilation, 4 * w, blocks[2], stride: 2, dilate: replaceStrideWithDilation[1]);
        layer4 = MakeLayer(ref inplanes, ref dilation, 8 * w, blocks[3], stride: 2, dilate: replaceStrideWithDilation[2]);
        LowLevelChannels = 4 * w;
        HighLevelChannels = inplanes;
        RegisterComponents();
        InitialiseWeights();
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
        var y = maxpool.forward(nn.functional.relu(BatchNormForward.Apply(bn1, BatchNormForward.Sequence(conv1, x)), inplace: true)); // [B, 2w, H/4, W/4]
        var c1 = layer1.forward(y);                                                                 // [B, 4w, H/4, W/4]
        var c4 = layer4.forward(layer3.forward(layer2.forward(c1)));                                // [B, 32w, H/16, W/16]
        return (c1.MoveToOuterDisposeScope(), c4.MoveToOuterDisposeScope());
    }

    private static Sequential MakeLayer(ref long inplanes, ref long dilation, long planes, int blocks, long stride, bool dilate)
    {
        var previousDilation = dilation;
        if (dilate)
        {
            dilation *= stride;
            stride = 1;
        }

        var withDownsample = stride != 1 || inplanes != planes * ResNetBottleneck.Expansion;
        var modules = new nn.Module<Tensor, Tensor>[blocks];
        modules[0] = new ResNetBottleneck(inplanes, planes, stride, previousDilation, withDownsample);
        inplanes = planes * ResNetBottleneck.Expansion;
        for (var i = 1; i < blocks; i++)
        {
            modules[i] = new ResNetBottleneck(inplanes, planes, 1, dilation, withDownsample: false);
        }

        return nn.Sequential(modules);
    }

    private void InitialiseWeights()
    {
        using var noGrad = no_grad();
        foreach (var module in modules())
        {
            switch (module)
            {
                case Conv2d conv:
                    nn.init.kaiming_normal_(conv.weight, mode: nn.init.FanInOut.FanOut, nonlinearity: nn.init.NonlinearityType.ReLU);
                    break;
                case BatchNorm2d norm:
                    norm.weight!.fill_(1);
                    norm.bias!.zero_();
                    break;
            }
        }
    }
}
