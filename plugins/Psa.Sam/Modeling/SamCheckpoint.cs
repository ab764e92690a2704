using SeCo.Sdk.Errors;
using SeCo.Vision.Checkpoints;
using static TorchSharp.torch;

namespace SeCo.Plugins.Psa.Modeling;

/// <summary>
/// Loads SAM weights from an official <c>.pth</c> state dict (or a <c>.safetensors</c> with the same keys) strictly
/// by key name. Weights are never downloaded.
/// </summary>
public static class SamCheckpoint
{
    /// <summary>Where the official checkpoints are published.</summary>
    public const string OfficialSource = "https://github.com/facebookresearch/segment-anything#model-checkpoints";

    /// <summary>The official file name of each variant.</summary>
    public static IReadOnlyDictionary<string, string> OfficialFileNames { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["vit_b"] = "sam_vit_b_01ec64.pth",
        ["vit_l"] = "sam_vit_l_0b3195.pth",
        ["vit_h"] = "sam_vit_h_4b8939.pth",
    };

    /// <summary>
    /// Builds <paramref name="variant"/> on <paramref name="device"/> with its image encoder in
    /// <paramref name="encoderPrecision"/> and loads the checkpoint at <paramref name="path"/> (float32 weights are
    /// converted to the encoder's type).
    /// </summary>
    /// <exception cref="SeCoInputException">The file is missing, unreadable, or its keys fit another variant.</exception>
    /// <exception cref="NotSupportedException"><paramref name="encoderPrecision"/> is not supported on <paramref name="device"/>.</exception>
    public static SamModel Load(string path, SamVariant variant, Device? device = null, EncoderPrecision encoderPrecision = EncoderPrecision.Float32)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(variant);
        if (!File.Exists(path))
        {
            var implied = VariantFromFileName(path);
            var expected = implied ?? variant.Name;
            var officialName = OfficialFileNames.TryGetValue(expected, out var name) ? $" ({name})" : string.Empty;
            throw new SeCoInputException(path,
                $"The SAM checkpoint does not exist. Expected the official {expected} weights{officialName} from {OfficialSource}; " +
                "download them yourself and point the checkpoint option at the file (weights are never downloaded automatically).");
        }

        var state = path.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase) ? SafeTensors.Load(path) : Pth.Load(path);
        try
        {
            var found = Describe(state);
            var wanted = (variant.EncoderEmbedDim, variant.EncoderDepth);
            if (found is { } f && (f.EmbedDim, f.Depth) != wanted)
            {
                throw new SeCoInputException(path,
                    $"The checkpoint's keys fit {NameOf(f.EmbedDim, f.Depth)} (embed dim {f.EmbedDim}, depth {f.Depth}), " +
                    $"but {variant.Name} (embed dim {variant.EncoderEmbedDim}, depth {variant.EncoderDepth}) is configured; choose the matching variant or file.");
            }

            var model = new SamModel(variant, device, encoderPrecision);
            try
            {
                StateDictLoader.Load(model, state, strict: true, source: path);
            }
            catch
            {
                model.Dispose();
                throw;
            }

            return model;
        }
        finally
        {
            foreach (var tensor in state.Values)
            {
                tensor.Dispose();
            }
        }
    }

    /// <summary>The official variant a file name implies (<c>sam_vit_b_…</c> → <c>vit_b</c>), or null.</summary>
    public static string? VariantFromFileName(string path)
    {
        var file = Path.GetFileName(path);
        foreach (var variant in OfficialFileNames.Keys)
        {
            if (file.Contains(variant, StringComparison.OrdinalIgnoreCase))
            {
                return variant;
            }
        }

        return null;
    }

    /// <summary>The encoder width and depth a state dict describes, or null when it has no SAM image encoder.</summary>
    public static (int EmbedDim, int Depth)? Describe(IReadOnlyDictionary<string, Tensor> state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (!state.TryGetValue("image_encoder.pos_embed", out var posEmbed) || posEmbed.ndim != 4)
        {
            return null;
        }

        const string prefix = "image_encoder.blocks.";
        var depth = 0;
        foreach (var key in state.Keys)
        {
            if (key.StartsWith(prefix, StringComparison.Ordinal))
            {
                var end = key.IndexOf('.', prefix.Length);
                if (end > prefix.Length && int.TryParse(key.AsSpan(prefix.Length, end - prefix.Length), out var index))
                {
                    depth = Math.Max(depth, index + 1);
                }
            }
        }

        return ((int)posEmbed.shape[3], depth);
    }

    private static string NameOf(int embedDim, int depth)
    {
        foreach (var official in new[] { SamVariant.VitB, SamVariant.VitL, SamVariant.VitH })
        {
            if (official.EncoderEmbedDim == embedDim && official.EncoderDepth == depth)
            {
                return official.Name;
            }
        }

        return "a custom SAM size";
    }
}
