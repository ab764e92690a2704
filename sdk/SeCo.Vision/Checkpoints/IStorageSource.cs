using static TorchSharp.torch;

namespace SeCo.Vision.Checkpoints;

/// <summary>Reads a checkpoint's raw storages by key into new CPU tensors.</summary>
internal interface IStorageSource : IDisposable
{
    /// <summary>Reads the root storage <paramref name="key"/> into a new 1-D CPU tensor of <paramref name="numel"/> elements of <paramref name="type"/>.</summary>
    Tensor Read(string key, ScalarType type, long numel);
}
