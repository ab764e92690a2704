using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SeCo.Plugins.Psa.Modeling;

/// <summary>Image to patch tokens: a strided convolution, output channels-last <c>[B, H/p, W/p, D]</c>.</summary>
public sealed class PatchEmbed : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d proj;

    /// <summary>Creates the embedding for <paramref name="patchSize"/>-pixel patches.</summary>
    public PatchEmbed(int patchSize, long inChannels, long embedDim, Device? device = null) : base(nameof(PatchEmbed))
    {
        proj = nn.Conv2d(inChannels, embedDim, patchSize, stride: patchSize, device: device);
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor x)
    {
        using var projected = proj.forward(x); // [B, D, H/p, W/p]
        return projected.permute(0, 2, 3, 1); // [B, H/p, W/p, D]
    }
}
