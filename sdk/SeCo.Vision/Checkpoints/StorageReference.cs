using static TorchSharp.torch;

namespace SeCo.Vision.Checkpoints;

/// <summary>
/// A typed storage named by a checkpoint's persistent id: the record key, its element type, its length
/// in elements, and for the legacy format an optional window into a larger root storage.
/// </summary>
/// <param name="Key">The record key (<c>data/&lt;key&gt;</c> in a zip checkpoint, the root key in a legacy one).</param>
/// <param name="Type">The element type.</param>
/// <param name="Numel">How many elements the storage holds.</param>
/// <param name="Location">Where PyTorch saved it from (<c>cpu</c>, <c>cuda:0</c>); informational.</param>
/// <param name="RootOffset">For a legacy view storage, its first element inside the root storage; 0 otherwise.</param>
/// <param name="RootNumel">The root storage's length in elements (equals <paramref name="Numel"/> unless this is a legacy view).</param>
internal sealed record StorageReference(string Key, ScalarType Type, long Numel, string Location, long RootOffset, long RootNumel);
