namespace SeCo.Sdk.Tensors;

/// <summary>
/// A cached object that reports its own memory footprint, for models that are not a single TorchSharp
/// module (a record holding several modules, a native handle). The host's model cache uses it first to size a model.
/// </summary>
public interface ISizedModel
{
    /// <summary>The bytes the object holds (parameters, buffers, native memory).</summary>
    long SizeInBytes { get; }
}
