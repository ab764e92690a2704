using SeCo.Sdk.Errors;
using TorchSharp;
using static TorchSharp.torch;

namespace SeCo.Vision.Checkpoints;

/// <summary>
/// Reads each storage of a checkpoint at most once while tensors still need it, and lets it go as
/// soon as every tensor that views it has been loaded, so loading a state dict holds about one copy
/// of the weights at a time.
/// </summary>
internal sealed class StorageCache : IDisposable
{
    private readonly string _path;
    private readonly Dictionary<string, Tensor> _loaded = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _pendingUses = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (ScalarType Type, long Numel)> _declared = new(StringComparer.Ordinal);
    private IStorageSource? _source;

    public StorageCache(string path)
    {
        _path = path;
    }

    /// <summary>The source storages are read from; set once the pickle has been read.</summary>
    public IStorageSource Source
    {
        set => _source = value;
    }

    /// <summary>How many storages are read and held right now.</summary>
    public int HeldStorageCount => _loaded.Count;

    /// <summary>The element type and length of every storage a tensor refers to, by key.</summary>
    public IReadOnlyDictionary<string, (ScalarType Type, long Numel)> Declared => _declared;

    /// <summary>Records that one more tensor views <paramref name="storage"/>; checks it agrees with earlier references.</summary>
    public void AddUse(StorageReference storage)
    {
        if (_declared.TryGetValue(storage.Key, out var declared))
        {
            if (declared.Type != storage.Type || declared.Numel != storage.RootNumel)
            {
                throw new SeCoInputException(_path, $"Storage '{storage.Key}' is declared both as {declared.Numel} × {declared.Type} and as {storage.RootNumel} × {storage.Type}. The checkpoint is corrupt.");
            }
        }
        else
        {
            _declared.Add(storage.Key, (storage.Type, storage.RootNumel));
        }

        _pendingUses[storage.Key] = _pendingUses.GetValueOrDefault(storage.Key) + 1;
    }

    /// <summary>Builds the tensor <paramref name="lazy"/> describes (see <see cref="LazyTensor.Load"/>).</summary>
    public Tensor Materialize(LazyTensor lazy, Device? device, ScalarType? dtype, bool release)
    {
        ObjectDisposedException.ThrowIf(_source is null, this);
        var reference = lazy.Storage;
        var root = GetOrRead(reference);
        try
        {
            var result = BuildView(root, lazy);
            var wantType = dtype is { } requested && result.is_floating_point() ? requested : result.dtype;
            var wantCpu = device is null || device.type == DeviceType.CPU;
            if (wantType != result.dtype || !wantCpu)
            {
                var converted = wantCpu ? result.to(wantType) : result.to(wantType, device!);
                result.Dispose();
                result = converted;
            }

            return result;
        }
        finally
        {
            if (release)
            {
                _pendingUses[reference.Key]--;
            }

            if (_pendingUses[reference.Key] <= 0 && _loaded.Remove(reference.Key, out var done))
            {
                done.Dispose();
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var tensor in _loaded.Values)
        {
            tensor.Dispose();
        }

        _loaded.Clear();
        _source?.Dispose();
        _source = null;
    }

    private Tensor GetOrRead(StorageReference reference)
    {
        if (!_loaded.TryGetValue(reference.Key, out var root))
        {
            root = _source!.Read(reference.Key, reference.Type, reference.RootNumel);
            root.DetachFromDisposeScope();
            _loaded.Add(reference.Key, root);
        }

        return root;
    }

    private static Tensor BuildView(Tensor root, LazyTensor lazy)
    {
        var reference = lazy.Storage;
        var shape = lazy.Shape.ToArray();
        var stride = lazy.Stride.ToArray();
        var offset = reference.RootOffset + lazy.StorageOffset;
        if (offset == 0 && lazy.Numel == reference.RootNumel && IsContiguous(shape, stride))
        {
            return root.view(shape);
        }

        using var view = root.as_strided(shape, stride, offset);
        return view.is_contiguous() ? view.clone() : view.contiguous();
    }

    private static bool IsContiguous(long[] shape, long[] stride)
    {
        long expected = 1;
        for (var i = shape.Length - 1; i >= 0; i--)
        {
            if (shape[i] != 1 && stride[i] != expected)
            {
                return false;
            }

            expected *= shape[i];
        }

        return true;
    }
}
