using SeCo.Vision.Modules;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SeCo.Vision.Modeling;

/// <summary>
/// A residual block of a <see cref="ResNet"/>. <see cref="ResNetBlockKind.Basic"/>: 3x3 (stride) → 3x3, expansion 1.
/// <see cref="ResNetBlockKind.Bottleneck"/>: 1x1 → 3x3 (dilation, padding = dilation) → 1x1 (x4 channels), the stride on
/// the 3x3 or the first 1x1 (<see cref="BottleneckStride"/>). BatchNorm after every convolution, ReLU after all but the
/// last, residual add, ReLU; <c>downsample</c> = <c>[Conv1x1(stride), BatchNorm]</c> when the block has a projection
/// shortcut. Field names are torchvision's keys (<c>conv1</c>, <c>bn1</c>, ..., <c>downsample.0</c>, <c>downsample.1</c>).
/// </summary>
/// <remarks>
/// BatchNorm runs through <see cref="BatchNormForward"/> and the residual add holds its <c>Scalar</c>: TorchSharp 0.107
/// passes temporary Scalars that a finalizer can free while libtorch still reads them.
/// </remarks>
public sealed class ResNetBlock : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // Field names are the checkpoint's parameter names.
    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly Conv2d conv2;
    private readonly BatchNorm2d bn2;
    private readonly Conv2d? conv3;
    private readonly BatchNorm2d? bn3;
    private readonly Sequential? downsample;
#pragma warning restore IDE1006
    private readonly bool _inPlace;

    /// <summary>Creates the block (convolutions with PyTorch's default initialisation, created in key order).</summary>
    /// <param name="kind">Basic or bottleneck.</param>
    /// <param name="inplanes">Input channels.</param>
    /// <param name="planes">Planes; the output has <c>planes · expansion</c> channels.</param>
    /// <param name="stride">Stride of the block and of its shortcut.</param>
    /// <param name="dilation">Dilation and padding of the 3x3 convolution (bottleneck only; basic blocks need 1).</param>
    /// <param name="withDownsample">Whether the block has a projection shortcut.</param>
    /// <param name="strideOn">Where a bottleneck carries the stride.</param>
    /// <param name="inPlaceActivations">Apply the ReLUs in place (see <see cref="ResNetLayout.InPlaceActivations"/>).</param>
    public ResNetBlock(ResNetBlockKind kind, long inplanes, long planes, long stride, long dilation, bool withDownsample,
        BottleneckStride strideOn = BottleneckStride.Conv3x3, bool inPlaceActivations = false)
        : base(kind == ResNetBlockKind.Basic ? "BasicBlock" : "Bottleneck")
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inplanes, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(planes, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(stride, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(dilation, 1);
        long outplanes;
        if (kind == ResNetBlockKind.Basic)
        {
            ArgumentOutOfRangeException.ThrowIfNotEqual(dilation, 1);
            outplanes = planes;
            conv1 = nn.Conv2d(inplanes, planes, 3, stride: stride, padding: 1, bias: false);
            bn1 = nn.BatchNorm2d(planes);
            conv2 = nn.Conv2d(planes, planes, 3, stride: 1, padding: 1, bias: false);
            bn2 = nn.BatchNorm2d(planes);
        }
        else
        {
            outplanes = planes * 4;
            var onConv1 = strideOn == BottleneckStride.Conv1x1;
            conv1 = nn.Conv2d(inplanes, planes, 1, stride: onConv1 ? stride : 1, bias: false);
            bn1 = nn.BatchNorm2d(planes);
            conv2 = nn.Conv2d(planes, planes, 3, stride: onConv1 ? 1 : stride, padding: dilation, dilation: dilation, bias: false);
            bn2 = nn.BatchNorm2d(planes);
            conv3 = nn.Conv2d(planes, outplanes, 1, bias: false);
            bn3 = nn.BatchNorm2d(outplanes);
        }

        if (withDownsample)
        {
            downsample = nn.Sequential(
                nn.Conv2d(inplanes, outplanes, 1, stride: stride, bias: false),
                nn.BatchNorm2d(outplanes));
        }

        Kind = kind;
        OutChannels = outplanes;
        _inPlace = inPlaceActivations;
        RegisterComponents();
    }

    /// <summary>Basic or bottleneck.</summary>
    public ResNetBlockKind Kind { get; }

    /// <summary>Output channels.</summary>
    public long OutChannels { get; }

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        // Each intermediate is disposed as soon as the next op has consumed it (as Python frees it), not at the end of
        // the block: the peak is then input + at most three activations, like PyTorch's (ProDA's README, row 8 memory).
        using var scope = NewDisposeScope();
        var x = Relu(Consume(conv1.forward(input), t => BatchNormForward.Apply(bn1, t)), _inPlace);
        x = Consume(Consume(x, conv2.forward), t => BatchNormForward.Apply(bn2, t));
        if (conv3 is not null)
        {
            x = Consume(Consume(Relu(x, _inPlace), conv3.forward), t => BatchNormForward.Apply(bn3!, t));
        }

        var identity = downsample is null ? input : BatchNormForward.Sequence(downsample, input, disposeIntermediates: true);
        // An explicit Scalar held to the end: TorchSharp's add_(Tensor) passes a temporary Scalar whose finalizer
        // can free it while the native call still reads it (seen as "toFloat" failures under GC pressure).
        using var one = 1.ToScalar();
        return Relu(x.add_(identity, one), _inPlace).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// <paramref name="op"/> applied to <paramref name="x"/>, then <paramref name="x"/> disposed unless the op returned it
    /// (an in-place op): frees an intermediate activation once its consumer ran. Values and autograd are unchanged
    /// (the graph keeps what it saved).
    /// </summary>
    internal static Tensor Consume(Tensor x, Func<Tensor, Tensor> op)
    {
        var y = op(x);
        if (!ReferenceEquals(y, x))
        {
            x.Dispose();
        }

        return y;
    }

    /// <summary>ReLU in place (<c>relu_</c>) or into a new tensor.</summary>
    internal static Tensor Relu(Tensor x, bool inPlace) => inPlace ? x.relu_() : nn.functional.relu(x);
}
