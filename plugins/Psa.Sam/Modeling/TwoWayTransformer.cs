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
        ArgumentNullException.ThrowIfNull(pointEmbedding);
        return Forward(imageEmbedding, imagePe, pointEmbedding, pointEmbedding.shape[1]);
    }

    /// <summary>
    /// <see cref="Forward(Tensor, Tensor, Tensor)"/> returning only the first <paramref name="outputTokens"/>
    /// processed tokens: the final token→image attention and norm treat each token on its own, so the tokens nobody
    /// reads (the prompt tokens, after the output tokens) skip it.
    /// </summary>
    internal (Tensor Queries, Tensor Keys) Forward(Tensor imageEmbedding, Tensor imagePe, Tensor pointEmbedding, long outputTokens)
    {
        using var scope = NewDisposeScope();
        var keys = imageEmbedding.flatten(2).permute(0, 2, 1); // [B, h·w, C]
        var keyPe = imagePe.flatten(2).permute(0, 2, 1);
        return FinishLayers(pointEmbedding, keys, keyPe, pointEmbedding, firstLayer: 0, outputTokens);
    }

    /// <summary>
    /// The first layer's image side for <see cref="AttendTokens"/> and the four-argument <c>Forward</c>, from one image
    /// <c>[1, C, h, w]</c> (embedding plus the dense prompt embedding every prompt shares) and its PE.
    /// </summary>
    internal SharedImageTokens ShareImageTokens(Tensor imageEmbedding, Tensor imagePe)
    {
        using var keys = imageEmbedding.flatten(2).permute(0, 2, 1);
        using var keyPe = imagePe.flatten(2).permute(0, 2, 1);
        return layers[0].ShareImageTokens(keys, keyPe); // its tensors belong to the caller's scope
    }

    /// <summary>
    /// The first layer's token side for prompts that all see the image in <paramref name="image"/>, for the whole
    /// prompt batch at once (<see cref="TwoWayAttentionBlock.AttendTokens"/>); the four-argument <c>Forward</c>
    /// takes it from there per chunk of prompts.
    /// </summary>
    internal Tensor AttendTokens(SharedImageTokens image, Tensor pointEmbedding) => layers[0].AttendTokens(pointEmbedding, image, pointEmbedding);

    /// <summary>
    /// <see cref="Forward(Tensor, Tensor, Tensor)"/> for prompts that all see the image in <paramref name="image"/>,
    /// from the first layer's token side <paramref name="queries"/> (<see cref="AttendTokens"/>): the first layer's
    /// image side on the shared image tokens, then the later layers per prompt as usual; returns the first
    /// <paramref name="outputTokens"/> processed tokens.
    /// </summary>
    internal (Tensor Queries, Tensor Keys) Forward(SharedImageTokens image, Tensor imagePe, Tensor queries, Tensor pointEmbedding, long outputTokens)
    {
        using var scope = NewDisposeScope();
        var keyPe = imagePe.flatten(2).permute(0, 2, 1);
        var keys = layers[0].AttendImage(queries, image, pointEmbedding);
        return FinishLayers(queries, keys, keyPe, pointEmbedding, firstLayer: 1, outputTokens);
    }

    /// <summary>Layers from <paramref name="firstLayer"/> on, then the final token→image attention and norm.</summary>
    private (Tensor Queries, Tensor Keys) FinishLayers(Tensor queries, Tensor keys, Tensor keyPe, Tensor pointEmbedding, int firstLayer, long outputTokens)
    {
        for (var i = firstLayer; i < layers.Count; i++)
        {
            var previousKeys = keys;
            (queries, keys) = layers[i].Forward(queries, keys, pointEmbedding, keyPe);
            previousKeys.Dispose();
        }

        using var keysWithPe = keys + keyPe;
        queries = queries.narrow(1, 0, outputTokens);
        pointEmbedding = pointEmbedding.narrow(1, 0, outputTokens);
        var attended = final_attn_token_to_image.AttendToImage(queries + pointEmbedding, keysWithPe, keys);
        queries = norm_final_attn.forward(queries + attended);
        return (queries.MoveToOuterDisposeScope(), keys.MoveToOuterDisposeScope());
    }
}
