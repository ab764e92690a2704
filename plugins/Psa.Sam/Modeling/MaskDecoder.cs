using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SeCo.Plugins.Psa.Modeling;

/// <summary>
/// Predicts low-resolution mask logits and their IoU from an image embedding and prompt embeddings
/// (<c>transformer</c>, <c>iou_token</c>, <c>mask_tokens</c>, <c>output_upscaling</c>,
/// <c>output_hypernetworks_mlps</c>, <c>iou_prediction_head</c>).
/// </summary>
public sealed class MaskDecoder : nn.Module
{
    private readonly TwoWayTransformer transformer;
    private readonly Embedding iou_token;
    private readonly Embedding mask_tokens;
    private readonly Sequential output_upscaling;
    private readonly ModuleList<HeadMlp> output_hypernetworks_mlps;
    private readonly HeadMlp iou_prediction_head;
    private readonly int _numMaskTokens;
    private long _chunkElements = 1L << 21;

    /// <summary>Creates the decoder of <paramref name="variant"/>.</summary>
    public MaskDecoder(SamVariant variant, Device? device = null) : base(nameof(MaskDecoder))
    {
        ArgumentNullException.ThrowIfNull(variant);
        long dim = variant.PromptEmbedDim;
        _numMaskTokens = variant.NumMultimaskOutputs + 1;
        transformer = new TwoWayTransformer(variant, device);
        iou_token = nn.Embedding(1, dim, device: device);
        mask_tokens = nn.Embedding(_numMaskTokens, dim, device: device);
        output_upscaling = nn.Sequential(
            ("0", nn.ConvTranspose2d(dim, dim / 4, 2, stride: 2, device: device)),
            ("1", new LayerNorm2d(dim / 4, device: device)),
            ("2", nn.GELU()),
            ("3", nn.ConvTranspose2d(dim / 4, dim / 8, 2, stride: 2, device: device)),
            ("4", nn.GELU()));
        output_hypernetworks_mlps = new ModuleList<HeadMlp>();
        for (var i = 0; i < _numMaskTokens; i++)
        {
            output_hypernetworks_mlps.Add(new HeadMlp(dim, dim, dim / 8, 3, device));
        }

        iou_prediction_head = new HeadMlp(dim, variant.IouHeadHiddenDim, _numMaskTokens, variant.IouHeadDepth, device);
        RegisterComponents();
    }

    /// <summary>
    /// Element budget of a prompt chunk's largest intermediate (the upscaled features, <c>2·C·h·w</c> floats per
    /// prompt). The default, 2 M floats, decodes one ViT-B prompt (or 64 tiny-SAM prompts) per chunk. Results do not
    /// depend on it; it trades call overhead against cache- and page-fault-friendly temporaries.
    /// </summary>
    public long ChunkElements
    {
        get => _chunkElements;
        set => _chunkElements = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "The chunk budget must be at least one element.");
    }

    /// <summary>
    /// Decodes masks. <paramref name="imageEmbeddings"/> <c>[1, C, h, w]</c> (repeated over the prompt batch),
    /// <paramref name="imagePe"/> <c>[1, C, h, w]</c>, <paramref name="sparsePromptEmbeddings"/> <c>[B, Ns, C]</c>,
    /// <paramref name="densePromptEmbeddings"/> <c>[B, C, h, w]</c>. Returns logits <c>[B, M, 4h, 4w]</c> and IoU
    /// predictions <c>[B, M]</c>, with M = 3 (slots 1..3) for multimask output, else 1 (slot 0).
    /// </summary>
    public (Tensor Masks, Tensor IouPredictions) Forward(Tensor imageEmbeddings, Tensor imagePe, Tensor sparsePromptEmbeddings, Tensor densePromptEmbeddings, bool multimaskOutput)
    {
        ArgumentNullException.ThrowIfNull(imageEmbeddings);
        ArgumentNullException.ThrowIfNull(imagePe);
        ArgumentNullException.ThrowIfNull(sparsePromptEmbeddings);
        ArgumentNullException.ThrowIfNull(densePromptEmbeddings);
        using var scope = NewDisposeScope();
        // Prompts are decoded in chunks whose largest intermediate stays a few MB: every prompt's math is independent
        // of the others, and small chunks keep the [chunk, h·w, C] temporaries in cache and in reused heap memory
        // instead of fresh page-faulted allocations (ViT-B, 64 prompts: 8.0 s → 4.3 s on 2 cores, one prompt per chunk).
        var batch = sparsePromptEmbeddings.shape[0];
        var perPrompt = 2 * imageEmbeddings.shape[1] * imageEmbeddings.shape[2] * imageEmbeddings.shape[3];
        var chunk = Math.Max(1, _chunkElements / perPrompt);

        var outputTokens = cat([iou_token.weight!, mask_tokens.weight!], 0).unsqueeze(0).expand(batch, -1, -1);
        var tokens = cat([outputTokens, sparsePromptEmbeddings.to(outputTokens.dtype)], 1); // [B, 5 + Ns, C]

        // One image and a dense embedding every prompt shares (no per-prompt mask input; an expanded view has stride
        // 0 over the batch): the first layer's image-side projections are the same for all prompts, computed once,
        // and its token side reads no per-prompt image tokens, so it runs once for the whole batch.
        using var shared = imageEmbeddings.shape[0] == 1 && (densePromptEmbeddings.shape[0] == 1 || densePromptEmbeddings.stride(0) == 0)
            ? ShareImageTokens(imageEmbeddings, imagePe, densePromptEmbeddings)
            : null;
        var firstQueries = shared is null ? null : transformer.AttendTokens(shared, tokens);
        var maskParts = new List<Tensor>();
        var iouParts = new List<Tensor>();
        for (long start = 0; start < batch; start += chunk)
        {
            using var chunkScope = NewDisposeScope();
            var n = Math.Min(chunk, batch - start);
            var embeddings = imageEmbeddings.shape[0] == 1 ? imageEmbeddings : imageEmbeddings.narrow(0, start, n);
            var dense = densePromptEmbeddings.shape[0] == 1 ? densePromptEmbeddings : densePromptEmbeddings.narrow(0, start, n);
            var (hs, keys) = shared is not null
                ? transformer.Forward(shared, imagePe, firstQueries!.narrow(0, start, n), tokens.narrow(0, start, n), outputTokens.shape[1])
                : Transform(embeddings, imagePe, tokens.narrow(0, start, n), dense);
            var (chunkMasks, chunkIou) = PredictMasks(hs, keys, embeddings.shape[2], embeddings.shape[3], multimaskOutput);
            maskParts.Add(chunkMasks.MoveToOuterDisposeScope());
            iouParts.Add(chunkIou.MoveToOuterDisposeScope());
        }

        var (masks, iou) = maskParts.Count == 1 ? (maskParts[0], iouParts[0]) : (cat(maskParts, 0), cat(iouParts, 0));
        return (masks.MoveToOuterDisposeScope(), iou.MoveToOuterDisposeScope());
    }

    private SharedImageTokens ShareImageTokens(Tensor imageEmbedding, Tensor imagePe, Tensor dense)
    {
        using var src = imageEmbedding + dense.narrow(0, 0, 1);
        return transformer.ShareImageTokens(src, imagePe);
    }

    /// <summary>The transformer for prompts with their own image tokens (per-prompt mask inputs or images).</summary>
    private (Tensor Queries, Tensor Keys) Transform(Tensor imageEmbeddings, Tensor imagePe, Tensor tokens, Tensor dense)
    {
        var batch = tokens.shape[0];
        using var src = imageEmbeddings.shape[0] == batch ? imageEmbeddings + dense : repeat_interleave(imageEmbeddings, batch, 0).add_(dense);
        return transformer.Forward(src, imagePe, tokens, 1 + _numMaskTokens); // the PE [1, C, h, w] broadcasts over the prompts
    }

    /// <summary>
    /// Mask logits and IoU predictions from the transformer's tokens <paramref name="hs"/> and image tokens, for the
    /// selected mask slots only (1..3 for multimask output, else 0): each slot's logits come from its own token's
    /// hypernetwork, so the unselected slot is never computed.
    /// </summary>
    private (Tensor Masks, Tensor Iou) PredictMasks(Tensor hs, Tensor keys, long h, long w, bool multimaskOutput)
    {
        var (first, count) = multimaskOutput ? (1, _numMaskTokens - 1) : (0, 1);
        var iouTokenOut = hs[.., 0, ..];
        var maskTokensOut = hs[.., 1..(1 + _numMaskTokens), ..];

        var hyper = new Tensor[count];
        for (var i = 0; i < count; i++)
        {
            hyper[i] = output_hypernetworks_mlps[first + i].forward(maskTokensOut[.., first + i, ..]);
        }

        var hyperIn = stack(hyper, 1); // [B, M, C/8]
        var masks = UpscaleTokenMajor(keys, hyperIn, h, w);
        keys.Dispose();
        var iou = iou_prediction_head.forward(iouTokenOut).narrow(1, first, count);
        return (masks, iou);
    }

    /// <summary>
    /// <c>output_upscaling</c> and the hypernetwork product on the transformer's token-major output <c>[B, h·w, C]</c>
    /// without transposing it to <c>[B, C, h, w]</c>: a 2×2 stride-2 transposed convolution writes each input pixel's
    /// 2×2 output block from that pixel alone, so it is a matrix product <c>[B·h·w, C] × [C, 4·C']</c> whose columns
    /// are the block positions; LayerNorm2d normalises the C' channels of each output pixel (the last dimension
    /// here), and the hypernetwork weights contract the final channels before the pixels are put in image order (on
    /// the small <c>[B, M, 4h, 4w]</c> result). Same sums as the convolutions, in matrix-product order.
    /// </summary>
    private Tensor UpscaleTokenMajor(Tensor keys, Tensor hyperIn, long h, long w)
    {
        using var scope = NewDisposeScope();
        var first = (ConvTranspose2d)output_upscaling[0];
        var norm = (LayerNorm2d)output_upscaling[1];
        var second = (ConvTranspose2d)output_upscaling[3];
        var batch = keys.shape[0];

        // [Cin, Cout, 2, 2] → [Cin, (di, dj, Cout)]; the bias repeats per block position.
        var (c1, o1) = (first.weight!.shape[0], first.weight!.shape[1]);
        var w1 = first.weight!.permute(0, 2, 3, 1).reshape(c1, 4 * o1);
        var b1 = first.bias!.repeat(4);
        var x = keys.matmul(w1).add_(b1).view(batch, h * w * 4, o1); // pixels (i, j, di, dj), channels last
        x = norm.ForwardChannelsLast(x);
        x = nn.functional.gelu(x);

        var o2 = second.weight!.shape[1];
        var w2 = second.weight!.permute(0, 2, 3, 1).reshape(o1, 4 * o2);
        var b2 = second.bias!.repeat(4);
        var y = x.matmul(w2).add_(b2).view(batch, h * w * 16, o2); // pixels (i, j, di, dj, ei, ej)
        x.Dispose();
        y = nn.functional.gelu(y);

        var m = hyperIn.shape[1];
        var masks = hyperIn.matmul(y.transpose(1, 2)); // [B, M, h·w·16], mask-major
        y.Dispose();

        // (i, j, di, dj, ei, ej) → row 4i + 2di + ei, column 4j + 2dj + ej.
        return masks.view(batch * m * h, w, 2, 2, 2, 2)
            .permute(0, 2, 4, 1, 3, 5)
            .reshape(batch, m, 4 * h, 4 * w)
            .MoveToOuterDisposeScope();
    }
}
