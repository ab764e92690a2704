using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using SeCo.Vision.Modules;

namespace SeCo.Plugins.Scc.Modeling;

/// <summary>torchvision's ResNet <c>Bottleneck</c> (expansion 4, stride in the 3x3 conv, "ResNet v1.5").</summary>
public sealed class Bottleneck : nn.Module<Tensor, Tensor>
{
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
    public Bottleneck(long inplanes, long planes, long stride, Sequential? downsample) : base(nameof(Bottleneck))
    {
        conv1 = nn.Conv2d(inplanes, planes, 1, bias: false);
        bn1 = nn.BatchNorm2d(planes);
        conv2 = nn.Conv2d(planes, planes, 3, stride: stride, padding: 1, bias: false);
        bn2 = nn.BatchNorm2d(planes);
        conv3 = nn.Conv2d(planes, planes * Expansion, 1, bias: false);
        bn3 = nn.BatchNorm2d(planes * Expansion);
        this.downsample = downsample;
        RegisterComponents();
    }

    /// <summary>Output channels per input plane count.</summary>
    public const int Expansion = 4;

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = nn.functional.relu(BatchNormForward.Apply(bn1, conv1.forward(input)));
        x = nn.functional.relu(BatchNormForward.Apply(bn2, conv2.forward(x)));
        x = BatchNormForward.Apply(bn3, conv3.forward(x));
        var identity = downsample is null ? input : BatchNormForward.Sequence(downsample, input);
        // An explicit Scalar held to the end: TorchSharp's add_(Tensor) passes a temporary Scalar whose finalizer
        // can free it while the native call still reads it (seen as "toFloat" failures under GC pressure).
        using var one = 1.ToScalar();
        return nn.functional.relu(x.add_(identity, one)).MoveToOuterDisposeScope();
    }
}
