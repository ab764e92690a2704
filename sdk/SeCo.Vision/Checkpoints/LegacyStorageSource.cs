using System.Buffers.Binary;
using SeCo.Sdk.Errors;
using TorchSharp;
using static TorchSharp.torch;

namespace SeCo.Vision.Checkpoints;

/// <summary>
/// Reads storages from a legacy (pre-1.6, non-zip) checkpoint: after the pickles comes a pickled list of
/// storage keys, then each storage in that order as an 8-byte little-endian element count and its raw bytes.
/// Only the positions are scanned up front; the bytes are read when a tensor needs them.
/// </summary>
internal sealed class LegacyStorageSource : IStorageSource
{
    private readonly FileStream _file;
    private readonly string _path;
    private readonly Dictionary<string, long> _dataOffsets;

    private LegacyStorageSource(FileStream file, string path, Dictionary<string, long> dataOffsets)
    {
        _file = file;
        _path = path;
        _dataOffsets = dataOffsets;
    }

    /// <summary>Reads the key list at the stream's position and locates each storage.</summary>
    /// <param name="file">The file, positioned after the main pickle; owned by the result.</param>
    /// <param name="path">The file's path, for messages.</param>
    /// <param name="declared">The element type and length of every storage the main pickle referenced.</param>
    public static LegacyStorageSource Create(FileStream file, string path, IReadOnlyDictionary<string, (ScalarType Type, long Numel)> declared)
    {
        var keys = new PickleReader(file, path, storages: null).Load() as List<object?>
            ?? throw new SeCoInputException(path, "The legacy checkpoint's storage key list is missing or is not a list. The file is corrupt.");

        var offsets = new Dictionary<string, long>(keys.Count, StringComparer.Ordinal);
        var position = file.Position;
        var length = file.Length;
        Span<byte> count = stackalloc byte[8];
        foreach (var item in keys)
        {
            var key = item as string ?? throw new SeCoInputException(path, "The legacy checkpoint's storage key list holds a non-string key. The file is corrupt.");
            if (!declared.TryGetValue(key, out var storage))
            {
                throw new SeCoInputException(path, $"The legacy checkpoint lists storage '{key}', which no tensor refers to, so its size is unknown. The file is corrupt.");
            }

            if (RandomAccess.Read(file.SafeFileHandle, count, position) != 8)
            {
                throw new SeCoInputException(path, $"The file ends before storage '{key}'. The file is truncated.");
            }

            var numel = BinaryPrimitives.ReadInt64LittleEndian(count);
            if (numel != storage.Numel || numel < 0 || numel > length)
            {
                throw new SeCoInputException(path, $"Storage '{key}' holds {numel} elements but the pickle declares {storage.Numel}. The file is corrupt.");
            }

            offsets[key] = position + 8;
            position += 8 + (numel * TorchStorageTypes.ElementSize(storage.Type));
            if (position > length)
            {
                throw new SeCoInputException(path, $"The file ends inside storage '{key}'. The file is truncated.");
            }
        }

        return new LegacyStorageSource(file, path, offsets);
    }

    /// <inheritdoc />
    public Tensor Read(string key, ScalarType type, long numel)
    {
        if (!_dataOffsets.TryGetValue(key, out var offset))
        {
            throw new SeCoInputException(_path, $"The legacy checkpoint refers to storage '{key}', which its storage list does not contain. The file is corrupt.");
        }

        var tensor = torch.empty(numel, type);
        try
        {
            TensorBytes.ReadInto(tensor, _file.SafeFileHandle, offset, _path);
            return tensor;
        }
        catch
        {
            tensor.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public void Dispose() => _file.Dispose();
}
