using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using SeCo.Vision.Modules;

namespace SeCo.Plugins.Scc.Modeling;

/// <summary>torchvision's ResNet <c>BasicBlock</c> (expansion 1): two 3x3 convs, stride in the first.</summary>
public sealed class BasicBlock : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // Field names are the checkpoint's parameter names.
    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly Conv2d conv2;
    private readonly BatchNorm2d bn2;
    private readonly Sequential? downsample;
#pragma warning restore IDE1006

    /// <summary>Creates the block.</summary>
    public BasicBlock(long inplanes, long planes, long stride, Sequential? downsample) : base(nameof(BasicBlock))
    {
        conv1 = nn.Conv2d(inplanes, planes, 3, stride: stride, padding: 1, bias: false);
        bn1 = nn.BatchNorm2d(planes);
        conv2 = nn.Conv2d(planes, planes, 3, stride: 1, padding: 1, bias: false);
        bn2 = nn.BatchNorm2d(planes);
        this.downsample = downsample;
        RegisterComponents();
    }

    /// <summary>Output channels per input plane count.</summary>
    public const int Expansion = 1;

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = nn.functional.relu(BatchNormForward.Apply(bn1, conv1.forward(input)));
        x = BatchNormForward.Apply(bn2, conv2.forward(x));
        var identity = downsample is null ? input : BatchNormForward.Sequence(downsample, input);
        // An explicit Scalar held to the end: TorchSharp's add_(Tensor) passes a temporary Scalar whose finalizer
        // can free it while the native call still reads it (seen as "toFloat" failures under GC pressure).
        using var one = 1.ToScalar();
        return nn.functional.relu(x.add_(identity, one)).MoveToOuterDisposeScope();
    }
}
