using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using SeCo.Vision.Modules;

namespace SeCo.Plugins.Adapt.UniMatch.Modeling;

/// <summary>
/// The torchvision "v1.5" ResNet bottleneck of UniMatch's <c>model/backbone/resnet.py</c>: 1x1 → 3x3 (carrying the
/// stride and the dilation, padding = dilation) → 1x1 (x4 channels), BatchNorm after each conv, ReLU, residual add
/// then ReLU; <c>downsample</c> = <c>[Conv1x1(stride), BatchNorm]</c> on the first block of a stage.
/// </summary>
public sealed class ResNetBottleneck : nn.Module<Tensor, Tensor>
{
    /// <summary>Output channels per bottleneck "plane".</summary>
    public const int Expansion = 4;

#pragma warning disable IDE1006 // Field names are the checkpoint's parameter names.
    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly Conv2d conv2;
    private readonly BatchNorm2d bn2;
    private readonly Conv2d conv3;
    private readonly BatchNorm2d bn3;
    private readonly Sequential? downsample;
#pragma warning restore IDE1006

    /// <summary>Creates the block.</summary>
    /// <param name="inplanes">Input channels.</param>
    /// <param name="planes">Bottleneck channels; the output has <c>4 · planes</c>.</param>
    /// <param name="stride">Stride of <c>conv2</c> and of the shortcut.</param>
    /// <param name="dilation">Dilation and padding of <c>conv2</c>.</param>
    /// <param name="withDownsample">Whether the block has a projection shortcut.</param>
    public ResNetBottleneck(long inplanes, long planes, long stride, long dilation, bool withDownsample)
        : base(nameof(ResNetBottleneck))
    {
        conv1 = nn.Conv2d(inplanes, planes, kernel_size: 1, bias: false);
        bn1 = nn.BatchNorm2d(planes);
        conv2 = nn.Conv2d(planes, planes, kernel_size: 3, stride: stride, padding: dilation, dilation: dilation, bias: false);
        bn2 = nn.BatchNorm2d(planes);
        conv3 = nn.Conv2d(planes, planes * Expansion, kernel_size: 1, bias: false);
        bn3 = nn.BatchNorm2d(planes * Expansion);
        if (withDownsample)
        {
            downsample = nn.Sequential(
                nn.Conv2d(inplanes, planes * Expansion, kernel_size: 1, stride: stride, bias: false),
                nn.BatchNorm2d(planes * Expansion));
        }

        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var y = nn.functional.relu(BatchNormForward.Apply(bn1, conv1.forward(x)), inplace: true);
        y = nn.functional.relu(BatchNormForward.Apply(bn2, conv2.forward(y)), inplace: true);
        y = BatchNormForward.Apply(bn3, conv3.forward(y));
        var identity = downsample is null ? x : BatchNormForward.Sequence(downsample, x);
        // An explicit Scalar held to the end: TorchSharp's add_(Tensor) passes a temporary whose finalizer can free it
        // while the native call still reads it.
        using var one = 1.ToScalar();
        return nn.functional.relu(y.add_(identity, one), inplace: true).MoveToOuterDisposeScope();
    }
}
