using static TorchSharp.torch;

namespace SeCo.Vision.Checkpoints;

/// <summary>Reads and writes PyTorch <c>.pth</c> checkpoints without Python.</summary>
public static class Pth
{
    /// <summary>Opens a checkpoint to inspect its object tree (scalars, nested dicts) and load tensors lazily.</summary>
    public static PthFile Open(string path) => PthFile.Open(path);

    /// <summary>
    /// Loads the state dict of a checkpoint (see <see cref="PthFile.StateDict"/>): the root dict of tensors,
    /// or the one nested under <c>state_dict</c>, <c>model</c>, <c>model_state</c>, ….
    /// </summary>
    /// <param name="path">The checkpoint.</param>
    /// <param name="stripModulePrefix">Remove DataParallel's <c>module.</c> key prefix.</param>
    /// <param name="device">Where to put the tensors; CPU when <see langword="null"/>.</param>
    /// <returns>The tensors by name, in file order; the caller owns them.</returns>
    public static Dictionary<string, Tensor> Load(string path, bool stripModulePrefix = false, Device? device = null)
    {
        using var file = PthFile.Open(path);
        return file.StateDict(stripModulePrefix: stripModulePrefix, device: device);
    }

    /// <summary>
    /// Writes tensors as a <c>torch.save</c> zip checkpoint (an <c>OrderedDict</c> state dict) that
    /// PyTorch ≥ 1.6 loads with <c>torch.load</c>, atomically. Each tensor gets its own contiguous storage.
    /// </summary>
    public static void Save(string path, IReadOnlyDictionary<string, Tensor> tensors) => PthWriter.Save(path, tensors);
}
