using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using SeCo.Vision.Modules;

namespace SeCo.Plugins.Adapt.UniMatch.Modeling;

/// <summary>
/// The image-level ASPP branch (<c>ASPPPooling</c>): <c>gap</c> = <c>[AdaptiveAvgPool2d(1), Conv1x1(no bias),
/// BatchNorm, ReLU]</c>, then a bilinear (align-corners) upsample back to the input's size.
/// </summary>
/// <remarks>Its BatchNorm sees a 1x1 map: training needs more than one sample per batch.</remarks>
public sealed class AsppPooling : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // Field names are the checkpoint's parameter names.
    private readonly Sequential gap;
#pragma warning restore IDE1006

    /// <summary>Creates the branch.</summary>
    public AsppPooling(long inChannels, long outChannels)
        : base(nameof(AsppPooling))
    {
        gap = nn.Sequential(
            nn.AdaptiveAvgPool2d(1),
            nn.Conv2d(inChannels, outChannels, kernel_size: 1, bias: false),
            nn.BatchNorm2d(outChannels),
            nn.ReLU(inplace: true));
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor x)
    {
        using var pooled = BatchNormForward.Sequence(gap, x); // [B, out, 1, 1]
        return nn.functional.interpolate(pooled, size: [x.shape[^2], x.shape[^1]], mode: InterpolationMode.Bilinear, align_corners: true);
    }
}
