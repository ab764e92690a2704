using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using SeCo.Vision.Modules;

namespace SeCo.Plugins.Adapt.UniMatch.Modeling;

/// <summary>
/// UniMatch's <c>ASPPModule</c> (DeepLabV3+ <c>head</c>): <c>b0</c> = Conv1x1, <c>b1..b3</c> = dilated Conv3x3, each with
/// BatchNorm and ReLU; <c>b4</c> = <see cref="AsppPooling"/>; the five outputs are concatenated and <c>project</c>ed by
/// Conv1x1+BatchNorm+ReLU (no dropout). Output channels = input channels / 8.
/// </summary>
public sealed class Aspp : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // Field names are the checkpoint's parameter names.
    private readonly Sequential b0;
    private readonly Sequential b1;
    private readonly Sequential b2;
    private readonly Sequential b3;
    private readonly AsppPooling b4;
    private readonly Sequential project;
#pragma warning restore IDE1006

    /// <summary>Creates the module.</summary>
    /// <param name="inChannels">Channels of <c>c4</c>.</param>
    /// <param name="dilations">The three atrous rates.</param>
    public Aspp(long inChannels, IReadOnlyList<int> dilations)
        : base(nameof(Aspp))
    {
        ArgumentNullException.ThrowIfNull(dilations);
        if (dilations.Count != 3)
        {
            throw new ArgumentException("Expected three atrous rates.", nameof(dilations));
        }

        var outChannels = inChannels / 8;
        OutChannels = outChannels;
        b0 = nn.Sequential(
            nn.Conv2d(inChannels, outChannels, kernel_size: 1, bias: false),
            nn.BatchNorm2d(outChannels),
            nn.ReLU(inplace: true));
        b1 = AtrousBranch(inChannels, outChannels, dilations[0]);
        b2 = AtrousBranch(inChannels, outChannels, dilations[1]);
        b3 = AtrousBranch(inChannels, outChannels, dilations[2]);
        b4 = new AsppPooling(inChannels, outChannels);
        project = nn.Sequential(
            nn.Conv2d(5 * outChannels, outChannels, kernel_size: 1, bias: false),
            nn.BatchNorm2d(outChannels),
            nn.ReLU(inplace: true));
        RegisterComponents();
    }

    /// <summary>Output channels (<c>inChannels / 8</c>).</summary>
    public long OutChannels { get; }

    /// <inheritdoc />
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var features = cat([BatchNormForward.Sequence(b0, x), BatchNormForward.Sequence(b1, x), BatchNormForward.Sequence(b2, x), BatchNormForward.Sequence(b3, x), b4.forward(x)], 1); // [B, 5·out, h, w]
        return BatchNormForward.Sequence(project, features).MoveToOuterDisposeScope();
    }

    private static Sequential AtrousBranch(long inChannels, long outChannels, int rate) => nn.Sequential(
        nn.Conv2d(inChannels, outChannels, kernel_size: 3, padding: rate, dilation: rate, bias: false),
        nn.BatchNorm2d(outChannels),
        nn.ReLU(inplace: true));
}
