using static TorchSharp.torch;

namespace SeCo.Vision.Checkpoints;

/// <summary>
/// A tensor described by a <c>.pth</c> checkpoint, not yet read: its storage, offset, shape and
/// strides. <see cref="Load"/> reads the storage (once, shared with other tensors of the same storage)
/// and returns a tensor with the checkpoint's values. Valid while its <see cref="PthFile"/> is open.
/// </summary>
public sealed class LazyTensor
{
    private readonly StorageCache _storages;
    private bool _counted;

    internal LazyTensor(StorageCache storages, StorageReference storage, long storageOffset, long[] shape, long[] stride)
    {
        _storages = storages;
        Storage = storage;
        StorageOffset = storageOffset;
        Shape = shape;
        Stride = stride;
        storages.AddUse(storage);
    }

    /// <summary>The element type (that of its storage).</summary>
    public ScalarType DType => Storage.Type;

    /// <summary>The shape.</summary>
    public IReadOnlyList<long> Shape { get; }

    /// <summary>The strides, in elements.</summary>
    public IReadOnlyList<long> Stride { get; }

    /// <summary>The first element's position in the storage.</summary>
    public long StorageOffset { get; }

    /// <summary>Whether the checkpoint saved it as a parameter that requires gradients (informational: loaded tensors are plain data).</summary>
    public bool RequiresGrad { get; internal set; }

    /// <summary>The number of elements.</summary>
    public long Numel
    {
        get
        {
            long n = 1;
            foreach (var d in Shape)
            {
                n *= d;
            }

            return n;
        }
    }

    internal StorageReference Storage { get; }

    /// <summary>
    /// Reads the tensor. A tensor that is exactly its whole storage shares that memory (no copy);
    /// any other view (offset, strides, part of a shared storage) becomes an independent contiguous copy.
    /// </summary>
    /// <param name="device">Where to put it; CPU when <see langword="null"/>.</param>
    /// <param name="dtype">Convert a floating-point tensor to this element type; integer and bool tensors, and all
    /// tensors when <see langword="null"/>, keep the checkpoint's type.</param>
    /// <returns>A new tensor the caller owns.</returns>
    public Tensor Load(Device? device = null, ScalarType? dtype = null)
    {
        var result = _storages.Materialize(this, device, dtype, release: !_counted);
        _counted = true;
        return result;
    }

    /// <inheritdoc />
    public override string ToString() => $"tensor({DType}, [{string.Join(", ", Shape)}])";
}
