using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SeCo.Plugins.Psa.Modeling;

/// <summary>
/// The ViTDet-style image encoder (<c>patch_embed</c>, <c>pos_embed</c>, <c>blocks</c>, <c>neck</c>):
/// <c>[B, 3, S, S]</c> normalised, padded image → <c>[B, 256, S/16, S/16]</c> image embedding.
/// </summary>
public sealed class ImageEncoderViT : nn.Module<Tensor, Tensor>
{
    private readonly Parameter pos_embed;
    private readonly PatchEmbed patch_embed;
    private readonly ModuleList<VitBlock> blocks;
    private readonly Sequential neck;

    /// <summary>Creates the encoder of <paramref name="variant"/> on <paramref name="device"/> (zero positions, default init).</summary>
    public ImageEncoderViT(SamVariant variant, Device? device = null) : base(nameof(ImageEncoderViT))
    {
        ArgumentNullException.ThrowIfNull(variant);
        var grid = variant.EmbeddingSize;
        long dim = variant.EncoderEmbedDim;
        pos_embed = new Parameter(zeros(1, grid, grid, dim, device: device));
        patch_embed = new PatchEmbed(variant.PatchSize, 3, dim, device);
        blocks = new ModuleList<VitBlock>();
        for (var i = 0; i < variant.EncoderDepth; i++)
        {
            var window = variant.GlobalAttentionIndexes.Contains(i) ? 0 : variant.WindowSize;
            blocks.Add(new VitBlock(dim, variant.EncoderNumHeads, variant.MlpRatio, window, grid, device));
        }

        long outChannels = variant.PromptEmbedDim;
        neck = nn.Sequential(
            ("0", nn.Conv2d(dim, outChannels, 1, bias: false, device: device)),
            ("1", new LayerNorm2d(outChannels, device: device)),
            ("2", nn.Conv2d(outChannels, outChannels, 3, padding: 1, bias: false, device: device)),
            ("3", new LayerNorm2d(outChannels, device: device)));
        RegisterComponents();
    }

    /// <summary>The transformer blocks, in order.</summary>
    public IList<VitBlock> Blocks => blocks;

    /// <summary>Encodes a batch of preprocessed images.</summary>
    public override Tensor forward(Tensor x) => Forward(x, observer: null);

    /// <summary>
    /// Encodes a batch; <paramref name="observer"/> (if given) sees named intermediates: <c>patch_embed_out</c>,
    /// <c>block{i}_out</c> (channels-last) and <c>neck_conv1_out</c>. Each block runs in its own dispose scope.
    /// </summary>
    public Tensor Forward(Tensor x, Action<string, Tensor>? observer)
    {
        ArgumentNullException.ThrowIfNull(x);
        using var scope = NewDisposeScope();
        var tokens = patch_embed.forward(x); // [B, H, W, D]
        observer?.Invoke("patch_embed_out", tokens);
        var current = tokens.add(pos_embed);
        tokens.Dispose();
        for (var i = 0; i < blocks.Count; i++)
        {
            Tensor next;
            using (var blockScope = NewDisposeScope())
            {
                next = blocks[i].forward(current).MoveToOuterDisposeScope();
            }

            current.Dispose();
            current = next;
            observer?.Invoke($"block{i}_out", current);
        }

        using var channelsFirst = current.permute(0, 3, 1, 2); // [B, D, H, W]
        var y = ((nn.Module<Tensor, Tensor>)neck[0]).forward(channelsFirst);
        current.Dispose();
        observer?.Invoke("neck_conv1_out", y);
        for (var i = 1; i < 4; i++)
        {
            var next = ((nn.Module<Tensor, Tensor>)neck[i]).forward(y);
            y.Dispose();
            y = next;
        }

        return y.MoveToOuterDisposeScope(); // [B, 256, H, W]
    }
}
