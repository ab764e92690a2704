using SeCo.Vision.Modules;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SeCo.Plugins.Sources.Proda.Modeling;

/// <summary>
/// ProDA's ASPP head <c>Classifier_Module2</c> (<c>layer5</c>): a 1x1 branch and four dilated 3x3 branches,
/// each <c>[Conv(bias), GroupNorm(32), ReLU]</c>, concatenated; <c>bottleneck</c> = <c>[SE block, Conv3x3(bias),
/// GroupNorm(32)]</c>; <c>head</c> = <c>[Dropout2d(0.1), Conv1x1(no bias)]</c>.
/// </summary>
public sealed class ProdaClassifier : nn.Module<Tensor, (Tensor Feat, Tensor Out)>
{
    /// <summary>The dilations (= paddings) of the four 3x3 branches.</summary>
    public static readonly int[] Dilations = [6, 12, 18, 24];

    private const int Groups = 32;

#pragma warning disable IDE1006, SA1300 // naming: the fields are a file format
    private readonly ModuleList<Sequential> conv2d_list;
    private readonly Sequential bottleneck;
    private readonly Sequential head;
#pragma warning restore IDE1006, SA1300

    /// <summary>Creates the head.</summary>
    /// <param name="inplanes">Channels of the backbone output (2048 for ResNet-101).</param>
    /// <param name="channels">Channels of each branch and of the feature (256 in ProDA; a multiple of 32).</param>
    /// <param name="classes">Number of classes.</param>
    public ProdaClassifier(int inplanes, int channels, int classes)
        : base(nameof(ProdaClassifier))
    {
        var branches = new Sequential[Dilations.Length + 1];
        branches[0] = nn.Sequential(
            nn.Conv2d(inplanes, channels, kernel_size: 1, bias: true),
            nn.GroupNorm(Groups, channels),
            nn.ReLU(inplace: true));
        for (var i = 0; i < Dilations.Length; i++)
        {
            branches[i + 1] = nn.Sequential(
                nn.Conv2d(inplanes, channels, kernel_size: 3, padding: Dilations[i], dilation: Dilations[i], bias: true),
                nn.GroupNorm(Groups, channels),
                nn.ReLU(inplace: true));
        }

        conv2d_list = nn.ModuleList(branches);
        var concatenated = channels * branches.Length;
        bottleneck = nn.Sequential(
            new ProdaSeBlock(concatenated),
            nn.Conv2d(concatenated, channels, kernel_size: 3, padding: 1, bias: true),
            nn.GroupNorm(Groups, channels));
        head = nn.Sequential(
            nn.Dropout2d(0.1),
            nn.Conv2d(channels, classes, kernel_size: 1, bias: false));
        RegisterComponents();
    }

    /// <summary>Returns <c>feat</c> (after the dropout) and <c>out</c> (the logits), both at the input's resolution.</summary>
    public override (Tensor Feat, Tensor Out) forward(Tensor x)
    {
        // Intermediates are disposed as soon as they are consumed (each branch's convolution output once normalised, the
        // branches once concatenated, the concatenation once the bottleneck ran), as Python frees them: the head's
        // peak is then the input, the five branches and their concatenation, not every activation of the head.
        using var scope = NewDisposeScope();
        var outputs = new Tensor[conv2d_list.Count];
        for (var i = 0; i < outputs.Length; i++)
        {
            outputs[i] = BatchNormForward.Sequence(conv2d_list[i], x, disposeIntermediates: true); // [B, channels, h, w]
        }

        var concatenated = cat(outputs, 1);                      // [B, 5 · channels, h, w]
        foreach (var output in outputs)
        {
            output.Dispose();
        }

        var y = BatchNormForward.Sequence(bottleneck, concatenated, disposeIntermediates: true); // [B, channels, h, w]
        concatenated.Dispose();
        var feat = ((nn.Module<Tensor, Tensor>)head[0]).forward(y);
        var logits = ((nn.Module<Tensor, Tensor>)head[1]).forward(feat); // [B, classes, h, w]
        return (feat.MoveToOuterDisposeScope(), logits.MoveToOuterDisposeScope());
    }
}
