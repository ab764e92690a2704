using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SeCo.Plugins.Sources.Proda.Modeling;

/// <summary>
/// ProDA's squeeze-and-excitation block (<c>SEBlock</c>, reduction 16): global average pool →
/// <c>se.0</c> Linear → ReLU → <c>se.2</c> Linear → Sigmoid, and the input's channels scaled by the result.
/// </summary>
public sealed class ProdaSeBlock : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006, SA1300 // naming: the fields are a file format
    private readonly Sequential se;
#pragma warning restore IDE1006, SA1300

    /// <summary>Creates the block.</summary>
    /// <param name="channels">Channels of the input.</param>
    /// <param name="reduction">The squeeze ratio (ProDA: 16).</param>
    public ProdaSeBlock(int channels, int reduction = 16)
        : base(nameof(ProdaSeBlock))
    {
        se = nn.Sequential(
            nn.Linear(channels, channels / reduction),
            nn.ReLU(),
            nn.Linear(channels / reduction, channels),
            nn.Sigmoid());
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var pooled = x.mean([2L, 3L]);                            // [B, C]
        var weight = se.forward(pooled).unsqueeze(-1).unsqueeze(-1); // [B, C, 1, 1]
        return x.mul(weight).MoveToOuterDisposeScope();
    }
}
