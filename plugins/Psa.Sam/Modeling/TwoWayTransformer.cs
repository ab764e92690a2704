using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SeCo.Plugins.Psa.Modeling;

/// <summary>
/// The decoder's two-way transformer (<c>layers</c>, <c>final_attn_token_to_image</c>, <c>norm_final_attn</c>):
/// prompt tokens and image tokens attend to each other.
/// </summary>
public sealed class TwoWayTransformer : nn.Module
{
    private readonly ModuleList<TwoWayAttentionBlock> layers;
    private readonly TwoWayAttention final_attn_token_to_image;
    private readonly LayerNorm norm_final_attn;

    /// <summary>Creates the transformer of <paramref name="variant"/>.</summary>
    public TwoWayTransformer(SamVariant variant, Device? device = null) : base(nameof(TwoWayTransformer))
    {
        ArgumentNullException.ThrowIfNull(variant);
        long dim = variant.PromptEmbedDim;
        layers = new ModuleList<TwoWayAttentionBlock>();
        for (var i = 0; i < variant.DecoderDepth; i++)
        {
            layers.Add(new TwoWayAttentionBlock(dim, variant.DecoderNumHeads, variant.DecoderMlpDim, variant.AttentionDownsampleRate, i == 0, device));
        }

        final_attn_token_to_image = new TwoWayAttention(dim, variant.DecoderNumHeads, variant.AttentionDownsampleRate, device);
        norm_final_attn = nn.LayerNorm(dim, device: device);
        RegisterComponents();
    }

    /// <summary>
    /// Runs the transformer on an image <c>[B, C, h, w]</c> with its PE (same shape) and the point tokens
    /// <c>[B, T, C]</c>; returns the processed tokens <c>[B, T, C]</c> and image tokens <c>[B, h·w, C]</c>.
    /// </summary>
    public (Tensor Queries, Tensor Keys) Forward(Tensor imageEmbedding, Tensor imagePe, Tensor pointEmbedding)
    {
        using var scope = NewDisposeScope();
        var keys = imageEmbedding.flatten(2).permute(0, 2, 1); // [B, h·w, C]
        var keyPe = imagePe.flatten(2).permute(0, 2, 1);
        return FinishLayers(pointEmbedding, keys, keyPe, pointEmbedding, firstLayer: 0);
    }

    /// <summary>
    /// The first layer's image side for <see cref="Forward(SharedImageTokens, Tensor, Tensor)"/>, from one image
    /// <c>[1, C, h, w]</c> (embedding plus the dense prompt embedding every prompt shares) and its PE.
    /// </summary>
    internal SharedImageTokens ShareImageTokens(Tensor imageEmbedding, Tensor imagePe)
    {
        using var keys = imageEmbedding.flatten(2).permute(0, 2, 1);
        using var keyPe = imagePe.flatten(2).permute(0, 2, 1);
        return layers[0].ShareImageTokens(keys, keyPe); // its tensors belong to the caller's scope
    }

    /// <summary>
    /// <see cref="Forward(Tensor, Tensor, Tensor)"/> for prompts that all see the image in <paramref name="image"/>:
    /// the first layer reuses its shared image side, the later layers run per prompt as usual.
    /// </summary>
    internal (Tensor Queries, Tensor Keys) Forward(SharedImageTokens image, Tensor imagePe, Tensor pointEmbedding)
    {
        using var scope = NewDisposeScope();
        var keyPe = imagePe.flatten(2).permute(0, 2, 1);
        var (queries, keys) = layers[0].Forward(pointEmbedding, image, pointEmbedding);
        return FinishLayers(queries, keys, keyPe, pointEmbedding, firstLayer: 1);
    }

    /// <summary>Layers from <paramref name="firstLayer"/> on, then the final token→image attention and norm.</summary>
    private (Tensor Queries, Tensor Keys) FinishLayers(Tensor queries, Tensor keys, Tensor keyPe, Tensor pointEmbedding, int firstLayer)
    {
        for (var i = firstLayer; i < layers.Count; i++)
        {
            var previousKeys = keys;
            (queries, keys) = layers[i].Forward(queries, keys, pointEmbedding, keyPe);
            previousKeys.Dispose();
        }

        using var keysWithPe = keys + keyPe;
        var attended = final_attn_token_to_image.forward(queries + pointEmbedding, keysWithPe, keys);
        queries = norm_final_attn.forward(queries + attended);
        return (queries.MoveToOuterDisposeScope(), keys.MoveToOuterDisposeScope());
    }
}
