using SeCo.Sdk.Errors;
using SeCo.Vision.Checkpoints;
using static TorchSharp.torch;

namespace SeCo.Plugins.Adapt.UniMatch.Modeling;

/// <summary>
/// Loads weights into a <see cref="DeepLabV3Plus"/>: UniMatch training checkpoints (<c>latest.pth</c>, <c>best.pth</c>:
/// the state dict under <c>model</c>, keys prefixed <c>module.</c> by DDP) and UniMatch's ImageNet-pretrained deep-stem
/// backbone (<c>pretrained/resnet101.pth</c>: a bare state dict with <c>conv1.0.weight</c>, <c>bn1.*</c>, <c>layer1.*</c>, ...).
/// Nothing is ever downloaded.
/// </summary>
public static class DeepLabV3PlusCheckpoint
{
    /// <summary>Where UniMatch's training checkpoints keep the model weights.</summary>
    public const string ModelKey = "model";

    /// <summary>
    /// Loads a UniMatch checkpoint strictly: every key and shape must match (after removing <c>module.</c>).
    /// Accepts a training checkpoint (state dict under <c>model</c>) or a bare state dict.
    /// </summary>
    /// <exception cref="SeCoInputException">The file is missing or unreadable, or its keys/shapes do not fit the model (all listed).</exception>
    public static void LoadUniMatch(DeepLabV3Plus model, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(path);
        RequireFile(path, "a UniMatch checkpoint (latest.pth / best.pth, the weights under 'model')");
        using var file = Pth.Open(path);
        var key = file[ModelKey] is PickleDict ? ModelKey : null;
        var state = file.StateDict(key, stripModulePrefix: true);
        try
        {
            StateDictLoader.Load(model, state, strict: true, source: path);
        }
        finally
        {
            DisposeAll(state);
        }
    }

    /// <summary>
    /// Loads ImageNet-pretrained backbone weights in the layout of UniMatch's <c>pretrained/resnet101.pth</c>.
    /// The reference loads them non-strictly and silently; here extra entries (e.g. an ImageNet <c>fc</c>) are allowed
    /// and reported in the result, while a backbone parameter or buffer missing from the file, or a shape that differs,
    /// is an error (the file belongs to another architecture or depth).
    /// </summary>
    /// <returns>What was loaded; <see cref="StateDictLoadResult.UnexpectedKeys"/> lists the ignored entries.</returns>
    /// <exception cref="SeCoInputException">The file is missing or unreadable, or it does not fit the backbone.</exception>
    public static StateDictLoadResult LoadPretrainedBackbone(ResNetBackbone backbone, string path)
    {
        ArgumentNullException.ThrowIfNull(backbone);
        ArgumentNullException.ThrowIfNull(path);
        RequireFile(path, "UniMatch's ImageNet-pretrained deep-stem ResNet (pretrained/resnet101.pth, keys conv1.0.weight, bn1.weight, layer1.0.conv1.weight, ...)");
        using var file = Pth.Open(path);
        var state = file.StateDict(stripModulePrefix: true);
        try
        {
            var result = StateDictLoader.Load(backbone, state, strict: false, source: path);
            if (result.MissingKeys.Count > 0 || result.ShapeMismatches.Count > 0)
            {
                throw new SeCoInputException(
                    new InputLocation(File: path, Item: nameof(ResNetBackbone)),
                    $"The pretrained weights do not fit the {backbone.GetName()} (expected UniMatch's deep-stem ResNet layout " +
                    $"of the configured depth and width):{Environment.NewLine}{result.Describe()}");
            }

            return result;
        }
        finally
        {
            DisposeAll(state);
        }
    }

    private static void RequireFile(string path, string expected)
    {
        if (!File.Exists(path))
        {
            throw new SeCoInputException(path, $"The file does not exist; expected {expected}. Weights are never downloaded.");
        }
    }

    private static void DisposeAll(Dictionary<string, Tensor> state)
    {
        foreach (var tensor in state.Values)
        {
            tensor.Dispose();
        }
    }
}
