using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SeCo.Plugins.Psa.Modeling;

/// <summary>
/// One layer of the two-way transformer: token self-attention, token→image cross-attention, MLP,
/// image→token cross-attention (<c>self_attn</c>, <c>norm1</c>, <c>cross_attn_token_to_image</c>, <c>norm2</c>,
/// <c>mlp</c>, <c>norm3</c>, <c>norm4</c>, <c>cross_attn_image_to_token</c>).
/// </summary>
public sealed class TwoWayAttentionBlock : nn.Module
{
    private readonly TwoWayAttention self_attn;
    private readonly LayerNorm norm1;
    private readonly TwoWayAttention cross_attn_token_to_image;
    private readonly LayerNorm norm2;
    private readonly MlpBlock mlp;
    private readonly LayerNorm norm3;
    private readonly LayerNorm norm4;
    private readonly TwoWayAttention cross_attn_image_to_token;
    private readonly bool _skipFirstLayerPositionalEncoding;

    /// <summary>Creates the layer; the first layer replaces the queries by their self-attention (no PE, no residual).</summary>
    public TwoWayAttentionBlock(long embeddingDim, int numHeads, long mlpDim, int attentionDownsampleRate, bool skipFirstLayerPositionalEncoding, Device? device = null)
        : base(nameof(TwoWayAttentionBlock))
    {
        self_attn = new TwoWayAttention(embeddingDim, numHeads, 1, device);
        norm1 = nn.LayerNorm(embeddingDim, device: device);
        cross_attn_token_to_image = new TwoWayAttention(embeddingDim, numHeads, attentionDownsampleRate, device);
        norm2 = nn.LayerNorm(embeddingDim, device: device);
        mlp = new MlpBlock(embeddingDim, mlpDim, gelu: false, device);
        norm3 = nn.LayerNorm(embeddingDim, device: device);
        norm4 = nn.LayerNorm(embeddingDim, device: device);
        cross_attn_image_to_token = new TwoWayAttention(embeddingDim, numHeads, attentionDownsampleRate, device);
        _skipFirstLayerPositionalEncoding = skipFirstLayerPositionalEncoding;
        RegisterComponents();
    }

    /// <summary>Updates queries <c>[B, Nq, C]</c> and keys <c>[B, Nk, C]</c>.</summary>
    public (Tensor Queries, Tensor Keys) Forward(Tensor queries, Tensor keys, Tensor queryPe, Tensor keyPe)
    {
        using var scope = NewDisposeScope();
        queries = SelfAttend(queries, queryPe);

        using var keysWithPe = keys + keyPe; // [B, Nk, C]: the large tensors are freed as soon as possible
        queries = norm2.forward(queries + cross_attn_token_to_image.AttendToImage(queries + queryPe, keysWithPe, keys));
        queries = norm3.forward(queries + mlp.forward(queries));

        var queriesWithPe = queries + queryPe;
        using var imageAttended = cross_attn_image_to_token.AttendFromImage(keysWithPe, queriesWithPe, queries);
        using var keysSum = keys + imageAttended;
        keys = norm4.forward(keysSum);
        return (queries.MoveToOuterDisposeScope(), keys.MoveToOuterDisposeScope());
    }

    /// <summary>
    /// The image side of this layer's two cross-attentions when every prompt sees the same image tokens (one image,
    /// no per-prompt mask input): the keys, <c>keys + PE</c> (what the image→token attention reads) and the
    /// token→image keys and values, computed once for all prompts. <paramref name="keys"/> and
    /// <paramref name="keyPe"/> are <c>[1, h·w, C]</c>.
    /// </summary>
    internal SharedImageTokens ShareImageTokens(Tensor keys, Tensor keyPe)
    {
        using var scope = NewDisposeScope();
        var keysWithPe = keys + keyPe;
        return new SharedImageTokens(
            keys.contiguous().MoveToOuterDisposeScope(),
            cross_attn_token_to_image.ProjectKey(keysWithPe).MoveToOuterDisposeScope(),
            cross_attn_token_to_image.ProjectValue(keys).MoveToOuterDisposeScope(),
            keysWithPe.MoveToOuterDisposeScope());
    }

    /// <summary>
    /// The token side of <see cref="Forward(Tensor, Tensor, Tensor, Tensor)"/> (self-attention, token→image
    /// attention, MLP) against the image side precomputed by <see cref="ShareImageTokens"/>. It reads no per-prompt
    /// image tokens, so it runs once for a whole prompt batch; <see cref="AttendImage"/> finishes the layer.
    /// </summary>
    internal Tensor AttendTokens(Tensor queries, SharedImageTokens image, Tensor queryPe)
    {
        using var scope = NewDisposeScope();
        queries = SelfAttend(queries, queryPe);
        var tokenQuery = cross_attn_token_to_image.ProjectQuery(queries + queryPe);
        queries = norm2.forward(queries + cross_attn_token_to_image.Attend(tokenQuery, image.TokenToImageKeys, image.TokenToImageValues));
        return norm3.forward(queries + mlp.forward(queries)).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The image side of the layer for queries from <see cref="AttendTokens"/>: image→token attention on the shared
    /// image tokens, residual and <c>norm4</c>. Returns the keys <c>[B, h·w, C]</c>.
    /// </summary>
    internal Tensor AttendImage(Tensor queries, SharedImageTokens image, Tensor queryPe)
    {
        using var scope = NewDisposeScope();
        using var imageAttended = cross_attn_image_to_token.AttendFromImage(image.KeysWithPe, queries + queryPe, queries);
        imageAttended.add_(image.Keys);
        var keys = norm4.forward(imageAttended);
        return keys.MoveToOuterDisposeScope();
    }

    /// <summary>Token self-attention and <c>norm1</c>; the first layer replaces the queries (no PE, no residual).</summary>
    private Tensor SelfAttend(Tensor queries, Tensor queryPe)
    {
        if (_skipFirstLayerPositionalEncoding)
        {
            return norm1.forward(self_attn.forward(queries, queries, queries));
        }

        var q = queries + queryPe;
        return norm1.forward(queries + self_attn.forward(q, q, queries));
    }
}
