using System.Collections.Immutable;
using System.Text.Json;

namespace SeCo.Plugins.Psa.Modeling;

/// <summary>
/// The architecture of one Segment Anything model: the official <c>vit_b</c>, <c>vit_l</c>, <c>vit_h</c>
/// sizes, or a custom size read from a <c>config.json</c>-like description.
/// </summary>
public sealed record SamVariant
{
    /// <summary>Variant name (<c>vit_b</c>, <c>vit_l</c>, <c>vit_h</c> or a custom name).</summary>
    public required string Name { get; init; }

    /// <summary>Side of the square encoder input (1024 for the official models).</summary>
    public int ImageSize { get; init; } = 1024;

    /// <summary>Patch size of the patch embedding.</summary>
    public int PatchSize { get; init; } = 16;

    /// <summary>Token width of the ViT encoder.</summary>
    public required int EncoderEmbedDim { get; init; }

    /// <summary>Number of ViT blocks.</summary>
    public required int EncoderDepth { get; init; }

    /// <summary>Attention heads per ViT block.</summary>
    public required int EncoderNumHeads { get; init; }

    /// <summary>Hidden-width ratio of the ViT MLPs.</summary>
    public double MlpRatio { get; init; } = 4.0;

    /// <summary>Indexes of the blocks that attend globally; all others use windows.</summary>
    public required ImmutableArray<int> GlobalAttentionIndexes { get; init; }

    /// <summary>Window side of the windowed blocks.</summary>
    public int WindowSize { get; init; } = 14;

    /// <summary>Prompt embedding width (also the neck's output channels).</summary>
    public int PromptEmbedDim { get; init; } = 256;

    /// <summary>Hidden channels of the prompt encoder's mask downscaling.</summary>
    public int MaskInChannels { get; init; } = 16;

    /// <summary>Depth of the decoder's two-way transformer.</summary>
    public int DecoderDepth { get; init; } = 2;

    /// <summary>MLP width of the decoder's two-way transformer.</summary>
    public int DecoderMlpDim { get; init; } = 2048;

    /// <summary>Attention heads of the decoder's two-way transformer.</summary>
    public int DecoderNumHeads { get; init; } = 8;

    /// <summary>Channel downsampling of the decoder's cross attentions.</summary>
    public int AttentionDownsampleRate { get; init; } = 2;

    /// <summary>Number of multimask outputs (the decoder has one more mask token).</summary>
    public int NumMultimaskOutputs { get; init; } = 3;

    /// <summary>Depth of the IoU prediction head.</summary>
    public int IouHeadDepth { get; init; } = 3;

    /// <summary>Hidden width of the IoU prediction head.</summary>
    public int IouHeadHiddenDim { get; init; } = 256;

    /// <summary>Per-channel RGB mean on the 0–255 scale.</summary>
    public ImmutableArray<double> PixelMean { get; init; } = [123.675, 116.28, 103.53];

    /// <summary>Per-channel RGB standard deviation on the 0–255 scale.</summary>
    public ImmutableArray<double> PixelStd { get; init; } = [58.395, 57.12, 57.375];

    /// <summary>Side of the image-embedding grid (<see cref="ImageSize"/> / <see cref="PatchSize"/>).</summary>
    public int EmbeddingSize => ImageSize / PatchSize;

    /// <summary>Side of the low-resolution mask logits (four times the embedding grid).</summary>
    public int LowResMaskSize => EmbeddingSize * 4;

    /// <summary>The official ViT-B model (<c>sam_vit_b_01ec64.pth</c>).</summary>
    public static SamVariant VitB { get; } = new()
    {
        Name = "vit_b", EncoderEmbedDim = 768, EncoderDepth = 12, EncoderNumHeads = 12, GlobalAttentionIndexes = [2, 5, 8, 11],
    };

    /// <summary>The official ViT-L model (<c>sam_vit_l_0b3195.pth</c>).</summary>
    public static SamVariant VitL { get; } = new()
    {
        Name = "vit_l", EncoderEmbedDim = 1024, EncoderDepth = 24, EncoderNumHeads = 16, GlobalAttentionIndexes = [5, 11, 17, 23],
    };

    /// <summary>The official ViT-H model (<c>sam_vit_h_4b8939.pth</c>), SeCo's default.</summary>
    public static SamVariant VitH { get; } = new()
    {
        Name = "vit_h", EncoderEmbedDim = 1280, EncoderDepth = 32, EncoderNumHeads = 16, GlobalAttentionIndexes = [7, 15, 23, 31],
    };

    /// <summary>True for the names of the official variants (<c>vit_b</c>, <c>vit_l</c>, <c>vit_h</c> or <c>default</c>).</summary>
    public static bool IsOfficialName(string name) => name is "vit_b" or "vit_l" or "vit_h" or "default";

    /// <summary>The official architecture named <paramref name="name"/> (<c>vit_b</c>, <c>vit_l</c>, <c>vit_h</c> = <c>default</c>).</summary>
    /// <exception cref="ArgumentException">Another name.</exception>
    public static SamVariant FromName(string name) => name switch
    {
        "vit_b" => VitB,
        "vit_l" => VitL,
        "vit_h" or "default" => VitH,
        _ => throw new ArgumentException($"Unknown SAM variant '{name}'; expected vit_b, vit_l, vit_h or default.", nameof(name)),
    };

    /// <summary>
    /// Reads a custom architecture from a <c>config.json</c> in the layout of the golden tiny model
    /// (<c>image_encoder</c>, <c>prompt_encoder</c>, <c>mask_decoder</c> objects with the reference constructor arguments).
    /// </summary>
    public static SamVariant FromConfigJson(string json, string name = "custom")
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var encoder = root.GetProperty("image_encoder");
        var prompt = root.GetProperty("prompt_encoder");
        var decoder = root.GetProperty("mask_decoder");
        var transformer = decoder.GetProperty("transformer");
        var variant = new SamVariant
        {
            Name = name,
            ImageSize = encoder.GetProperty("img_size").GetInt32(),
            PatchSize = encoder.GetProperty("patch_size").GetInt32(),
            EncoderEmbedDim = encoder.GetProperty("embed_dim").GetInt32(),
            EncoderDepth = encoder.GetProperty("depth").GetInt32(),
            EncoderNumHeads = encoder.GetProperty("num_heads").GetInt32(),
            MlpRatio = encoder.GetProperty("mlp_ratio").GetDouble(),
            WindowSize = encoder.GetProperty("window_size").GetInt32(),
            GlobalAttentionIndexes = [.. encoder.GetProperty("global_attn_indexes").EnumerateArray().Select(e => e.GetInt32())],
            PromptEmbedDim = prompt.GetProperty("embed_dim").GetInt32(),
            MaskInChannels = prompt.GetProperty("mask_in_chans").GetInt32(),
            NumMultimaskOutputs = decoder.GetProperty("num_multimask_outputs").GetInt32(),
            IouHeadDepth = decoder.GetProperty("iou_head_depth").GetInt32(),
            IouHeadHiddenDim = decoder.GetProperty("iou_head_hidden_dim").GetInt32(),
            DecoderDepth = transformer.GetProperty("depth").GetInt32(),
            DecoderMlpDim = transformer.GetProperty("mlp_dim").GetInt32(),
            DecoderNumHeads = transformer.GetProperty("num_heads").GetInt32(),
            AttentionDownsampleRate = transformer.GetProperty("attention_downsample_rate").GetInt32(),
        };
        if (encoder.TryGetProperty("out_chans", out var outChans) && outChans.GetInt32() != variant.PromptEmbedDim)
        {
            throw new ArgumentException("image_encoder.out_chans must equal prompt_encoder.embed_dim.", nameof(json));
        }

        if (root.TryGetProperty("pixel_mean", out var mean))
        {
            variant = variant with { PixelMean = [.. mean.EnumerateArray().Select(e => e.GetDouble())] };
        }

        if (root.TryGetProperty("pixel_std", out var std))
        {
            variant = variant with { PixelStd = [.. std.EnumerateArray().Select(e => e.GetDouble())] };
        }

        return variant;
    }
}
