using SeCo.Sdk.Errors;
using SeCo.Vision.Checkpoints;
using TorchSharp;
using static TorchSharp.torch;

namespace Company.Sources.MyModel.Modeling;

/// <summary>
/// Builds a <see cref="PixelClassifier"/> from a checkpoint: a PyTorch state dict (<c>.pth</c>/<c>.pt</c>, as
/// written by <c>torch.save(model.state_dict(), path)</c>) or a <c>.safetensors</c> file. Keys must match the
/// network exactly (missing, unexpected or mis-shaped keys are reported together, by name).
/// </summary>
public static class PixelClassifierLoader
{
    /// <summary>Loads the network onto <paramref name="device"/> in evaluation mode.</summary>
    /// <param name="checkpointPath">The checkpoint file (absolute).</param>
    /// <param name="checkpointKey">Where the state dict sits inside a <c>.pth</c> file (<c>/</c>-separated keys), or null to find it.</param>
    /// <param name="classes">Number of classes the network predicts.</param>
    /// <param name="hidden">Hidden channels of the network.</param>
    /// <param name="device">Where the network runs.</param>
    /// <returns>The network; the caller owns it.</returns>
    /// <exception cref="SeCoInputException">The file is missing, unreadable, or its keys and shapes do not fit the network.</exception>
    public static PixelClassifier Load(string checkpointPath, string? checkpointKey, int classes, int hidden, Device device)
    {
        ArgumentNullException.ThrowIfNull(checkpointPath);
        if (!File.Exists(checkpointPath))
        {
            throw new SeCoInputException(new InputLocation(File: checkpointPath, JsonPath: "with.checkpoint"),
                "The checkpoint does not exist; expected a .pth or .safetensors state dict, relative to the pipeline file.");
        }

        var state = ReadStateDict(checkpointPath, checkpointKey);
        try
        {
            var model = new PixelClassifier(classes, hidden);
            try
            {
                StateDictLoader.Load(model, state, strict: true, source: checkpointPath);
                model.to(device);
                model.eval();
                return model;
            }
            catch
            {
                model.Dispose();
                throw;
            }
        }
        finally
        {
            foreach (var tensor in state.Values)
            {
                tensor.Dispose();
            }
        }
    }

    private static Dictionary<string, Tensor> ReadStateDict(string path, string? key)
    {
        if (Path.GetExtension(path).Equals(".safetensors", StringComparison.OrdinalIgnoreCase))
        {
            return SafeTensors.Load(path);
        }

        using var file = Pth.Open(path);
        // Checkpoints saved from nn.DataParallel carry a "module." prefix on every key.
        return file.StateDict(key, stripModulePrefix: true);
    }
}
