using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SeCo.Plugins.Sources.Proda.Modeling;

/// <summary>
/// The DeepLab-v2 (Caffe-style) ResNet bottleneck of ProDA's <c>models/deeplabv2.py</c>: the stride sits
/// on the 1x1 <c>conv1</c>, the 3x3 <c>conv2</c> is dilated with padding = dilation, and the optional
/// <c>downsample</c> shortcut is <c>[Conv1x1(stride), BatchNorm]</c>.
/// </summary>
public sealed class ProdaBottleneck : nn.Module<Tensor, Tensor>
{
    /// <summary>Output channels per input "plane" (a bottleneck widens <c>planes</c> by 4).</summary>
    public const int Expansion = 4;

    // Field names are ProDA's checkpoint keys.
#pragma warning disable IDE1006, SA1300 // naming: the fields are a file format
    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly Conv2d conv2;
    private readonly BatchNorm2d bn2;
    private readonly Conv2d conv3;
    private readonly BatchNorm2d bn3;
    private readonly Sequential? downsample;
#pragma warning restore IDE1006, SA1300

    /// <summary>Creates the block.</summary>
    /// <param name="inplanes">Input channels.</param>
    /// <param name="planes">Bottleneck channels; the output has <c>4 · planes</c>.</param>
    /// <param name="stride">Stride of <c>conv1</c> (and of the shortcut).</param>
    /// <param name="dilation">Dilation and padding of <c>conv2</c>.</param>
    /// <param name="withDownsample">Whether the block has a projection shortcut.</param>
    public ProdaBottleneck(int inplanes, int planes, int stride, int dilation, bool withDownsample)
        : base(nameof(ProdaBottleneck))
    {
        conv1 = nn.Conv2d(inplanes, planes, kernel_size: 1, stride: stride, bias: false);
        bn1 = nn.BatchNorm2d(planes);
        conv2 = nn.Conv2d(planes, planes, kernel_size: 3, stride: 1, padding: dilation, dilation: dilation, bias: false);
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
        // In place wherever the tensor is this block's own (same values as ProDA's ReLU(inplace=True), less memory traffic).
        var y = bn1.forward(conv1.forward(x)).relu_();
        y = bn2.forward(conv2.forward(y)).relu_();
        y = bn3.forward(conv3.forward(y));
        var residual = downsample is null ? x : downsample.forward(x);
        return y.add_(residual).relu_().MoveToOuterDisposeScope();
    }
}
