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

    /// <summary>
    /// Writes an object tree as a <c>torch.save</c> zip checkpoint that PyTorch ≥ 1.6 loads with <c>torch.load</c>,
    /// atomically: e.g. <c>{"model_state": state dict, "optimizer_state": …, "iter": 123}</c>.
    /// </summary>
    /// <param name="path">The checkpoint to write.</param>
    /// <param name="root">
    /// <see langword="null"/>, <see cref="bool"/>, integers, <see cref="float"/>/<see cref="double"/>, <see cref="string"/>,
    /// <see cref="byte"/>[], <see cref="Tensor"/>, <see cref="PickleDict"/> (an <c>OrderedDict</c> when
    /// <see cref="PickleDict.IsOrderedDict"/>, as state dicts are), <see cref="PickleTuple"/>, any
    /// <see cref="System.Collections.IDictionary"/> (a <c>dict</c>; string, integer, float, bool or tuple keys) and any
    /// other <see cref="System.Collections.IList"/> (a <c>list</c>), nested freely. Each distinct tensor gets its own
    /// contiguous storage; the same tensor object met twice shares one.
    /// </param>
    /// <exception cref="ArgumentException">The tree holds a value with no pickle form.</exception>
    public static void SaveObject(string path, object? root) => PthWriter.SaveObject(path, root);
}
