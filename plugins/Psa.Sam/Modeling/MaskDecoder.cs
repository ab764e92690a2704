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
        var (masks, iou) = PredictMasks(imageEmbeddings, imagePe, sparsePromptEmbeddings, densePromptEmbeddings);
        var selected = multimaskOutput ? 1.._numMaskTokens : 0..1;
        return (masks[.., selected].MoveToOuterDisposeScope(), iou[.., selected].MoveToOuterDisposeScope());
    }

    private (Tensor Masks, Tensor Iou) PredictMasks(Tensor imageEmbeddings, Tensor imagePe, Tensor sparse, Tensor dense)
    {
        var batch = sparse.shape[0];
        var outputTokens = cat([iou_token.weight!, mask_tokens.weight!], 0).unsqueeze(0).expand(batch, -1, -1);
        var tokens = cat([outputTokens, sparse.to(outputTokens.dtype)], 1); // [B, 5 + Ns, C]

        var src = imageEmbeddings.shape[0] == batch ? imageEmbeddings + dense : repeat_interleave(imageEmbeddings, batch, 0).add_(dense);
        var positions = imagePe; // [1, C, h, w], broadcast over the prompt batch
        var (c, h, w) = (src.shape[1], src.shape[2], src.shape[3]);

        var (hs, keys) = transformer.Forward(src, positions, tokens);
        src.Dispose();
        var iouTokenOut = hs[.., 0, ..];
        var maskTokensOut = hs[.., 1..(1 + _numMaskTokens), ..];

        using var image = keys.transpose(1, 2).reshape(batch, c, h, w);
        keys.Dispose();
        var upscaled = output_upscaling.forward(image); // [B, C/8, 4h, 4w]
        var hyper = new Tensor[_numMaskTokens];
        for (var i = 0; i < _numMaskTokens; i++)
        {
            hyper[i] = output_hypernetworks_mlps[i].forward(maskTokensOut[.., i, ..]);
        }

        var hyperIn = stack(hyper, 1); // [B, M, C/8]
        var (uc, uh, uw) = (upscaled.shape[1], upscaled.shape[2], upscaled.shape[3]);
        var masks = hyperIn.matmul(upscaled.view(batch, uc, uh * uw)).view(batch, -1, uh, uw);
        upscaled.Dispose();
        var iou = iou_prediction_head.forward(iouTokenOut);
        return (masks, iou);
    }
}
