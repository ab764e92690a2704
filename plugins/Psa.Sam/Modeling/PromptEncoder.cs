using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SeCo.Plugins.Psa.Modeling;

/// <summary>
/// Encodes point, box and mask prompts into sparse tokens and a dense embedding (<c>pe_layer</c>,
/// <c>point_embeddings</c>, <c>not_a_point_embed</c>, <c>mask_downscaling</c>, <c>no_mask_embed</c>).
/// </summary>
public sealed class PromptEncoder : nn.Module
{
    private readonly PositionEmbeddingRandom pe_layer;
    private readonly ModuleList<Embedding> point_embeddings;
    private readonly Embedding not_a_point_embed;
    private readonly Sequential mask_downscaling;
    private readonly Embedding no_mask_embed;
    private readonly long _embedDim;
    private readonly long _imageSize;
    private readonly long _embeddingSize;

    /// <summary>Creates the prompt encoder of <paramref name="variant"/>.</summary>
    public PromptEncoder(SamVariant variant, Device? device = null) : base(nameof(PromptEncoder))
    {
        ArgumentNullException.ThrowIfNull(variant);
        _embedDim = variant.PromptEmbedDim;
        _imageSize = variant.ImageSize;
        _embeddingSize = variant.EmbeddingSize;
        long maskChannels = variant.MaskInChannels;
        pe_layer = new PositionEmbeddingRandom(_embedDim / 2, device);
        point_embeddings = new ModuleList<Embedding>();
        for (var i = 0; i < 4; i++)
        {
            point_embeddings.Add(nn.Embedding(1, _embedDim, device: device));
        }

        not_a_point_embed = nn.Embedding(1, _embedDim, device: device);
        mask_downscaling = nn.Sequential(
            ("0", nn.Conv2d(1, maskChannels / 4, 2, stride: 2, device: device)),
            ("1", new LayerNorm2d(maskChannels / 4, device: device)),
            ("2", nn.GELU()),
            ("3", nn.Conv2d(maskChannels / 4, maskChannels, 2, stride: 2, device: device)),
            ("4", new LayerNorm2d(maskChannels, device: device)),
            ("5", nn.GELU()),
            ("6", nn.Conv2d(maskChannels, _embedDim, 1, device: device)));
        no_mask_embed = nn.Embedding(1, _embedDim, device: device);
        RegisterComponents();
    }

    /// <summary>Prompt embedding width.</summary>
    public long EmbedDim => _embedDim;

    /// <summary>The positional encoding of the image-embedding grid, <c>[1, C, h, w]</c>.</summary>
    public Tensor GetDensePositionalEncoding() => pe_layer.DenseGrid(_embeddingSize, _embeddingSize).unsqueeze(0);

    /// <summary>
    /// Embeds prompts. <paramref name="pointCoords"/> <c>[B, N, 2]</c> (x, y in the model's input frame) with
    /// <paramref name="pointLabels"/> <c>[B, N]</c> (1 foreground, 0 background, −1 padding),
    /// <paramref name="boxes"/> <c>[B, 4]</c> XYXY, <paramref name="masks"/> <c>[B, 1, 4h, 4w]</c> logits; any may be null.
    /// Returns sparse tokens <c>[B, Ns, C]</c> and the dense embedding <c>[B, C, h, w]</c>.
    /// </summary>
    public (Tensor Sparse, Tensor Dense) Forward(Tensor? pointCoords, Tensor? pointLabels, Tensor? boxes, Tensor? masks)
    {
        if (pointCoords is not null && pointLabels is null)
        {
            throw new ArgumentException("Point labels are required with point coordinates.", nameof(pointLabels));
        }

        using var scope = NewDisposeScope();
        var batch = pointCoords?.shape[0] ?? boxes?.shape[0] ?? masks?.shape[0] ?? 1;
        var device = no_mask_embed.weight!.device;
        var parts = new List<Tensor>(2);
        if (pointCoords is not null)
        {
            parts.Add(EmbedPoints(pointCoords, pointLabels!, pad: boxes is null));
        }

        if (boxes is not null)
        {
            parts.Add(EmbedBoxes(boxes));
        }

        var sparse = parts.Count switch
        {
            0 => empty(batch, 0, _embedDim, device: device),
            1 => parts[0],
            _ => cat(parts, 1),
        };
        var dense = masks is not null
            ? mask_downscaling.forward(masks)
            : no_mask_embed.weight!.reshape(1, -1, 1, 1).expand(batch, -1, _embeddingSize, _embeddingSize);
        return (sparse.MoveToOuterDisposeScope(), dense.MoveToOuterDisposeScope());
    }

    private Tensor EmbedPoints(Tensor coords, Tensor labels, bool pad)
    {
        var points = coords + 0.5;
        if (pad)
        {
            var paddingPoint = zeros(points.shape[0], 1, 2, dtype: points.dtype, device: points.device);
            var paddingLabel = full(labels.shape[0], 1, -1, dtype: labels.dtype, device: labels.device);
            points = cat([points, paddingPoint], 1);
            labels = cat([labels, paddingLabel], 1);
        }

        var embedding = pe_layer.EncodeCoordinates(points, _imageSize, _imageSize); // [B, N, C]
        var label = labels.unsqueeze(-1);
        embedding = where(label.eq(-1), not_a_point_embed.weight!, embedding);
        embedding = where(label.eq(0), embedding + point_embeddings[0].weight!, embedding);
        embedding = where(label.eq(1), embedding + point_embeddings[1].weight!, embedding);
        return embedding;
    }

    private Tensor EmbedBoxes(Tensor boxes)
    {
        var corners = (boxes + 0.5).reshape(-1, 2, 2);
        var embedding = pe_layer.EncodeCoordinates(corners, _imageSize, _imageSize); // [B, 2, C]
        var topLeft = embedding[.., 0..1, ..] + point_embeddings[2].weight!;
        var bottomRight = embedding[.., 1..2, ..] + point_embeddings[3].weight!;
        return cat([topLeft, bottomRight], 1);
    }
}
