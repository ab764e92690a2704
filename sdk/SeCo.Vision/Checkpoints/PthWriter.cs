using SeCo.Sdk.IO;
using static TorchSharp.torch;

namespace SeCo.Vision.Checkpoints;

/// <summary>
/// Writes an object tree as a PyTorch zip checkpoint: <c>archive/data.pkl</c>, <c>archive/byteorder</c>,
/// one <c>archive/data/&lt;i&gt;</c> record per distinct tensor (uncompressed, 64-byte aligned) and
/// <c>archive/version</c> = 3, through <see cref="AtomicFile"/>.
/// </summary>
internal static class PthWriter
{
    /// <summary>The folder inside the zip; PyTorch ≥ 2 names it <c>archive</c> too.</summary>
    private const string ArchiveName = "archive";

    /// <summary>Writes a flat state dict (an <c>OrderedDict</c> of tensors).</summary>
    public static void Save(string path, IReadOnlyDictionary<string, Tensor> tensors, long zip64Threshold = uint.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        var stateDict = new PickleDict(isOrderedDict: true);
        foreach (var (name, tensor) in tensors)
        {
            ArgumentNullException.ThrowIfNull(name);
            stateDict.Set(name, tensor);
        }

        SaveObject(path, stateDict, zip64Threshold);
    }

    /// <summary>
    /// Writes <paramref name="root"/> (see <see cref="PickleWriter"/> for the accepted values). A tensor object
    /// met twice is stored once and loads as two views of one storage, as in PyTorch.
    /// </summary>
    public static void SaveObject(string path, object? root, long zip64Threshold = uint.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(path);

        var items = new List<(Tensor Tensor, long Bytes)>();
        var records = new Dictionary<Tensor, PickleWriter.TensorRecord>(ReferenceEqualityComparer.Instance);
        var pickle = PickleWriter.Write(root, tensor =>
        {
            if (records.TryGetValue(tensor, out var known))
            {
                return known;
            }

            var type = tensor.dtype;
            var shape = tensor.shape;
            var stride = new long[shape.Length];
            long step = 1;
            for (var d = shape.Length - 1; d >= 0; d--)
            {
                stride[d] = step;
                step *= shape[d];
            }

            var numel = tensor.NumberOfElements;
            var record = new PickleWriter.TensorRecord(PickleWriter.StorageKey(items.Count), TorchStorageTypes.ToName(type), numel, shape, stride);
            records.Add(tensor, record);
            items.Add((tensor, numel * TorchStorageTypes.ElementSize(type)));
            return record;
        });

        AtomicFile.Write(path, stream =>
        {
            var zip = new PthZipWriter(stream, zip64Threshold);
            zip.Add($"{ArchiveName}/data.pkl", pickle);
            zip.Add($"{ArchiveName}/byteorder", "little"u8);
            for (var i = 0; i < items.Count; i++)
            {
                var (tensor, bytes) = items[i];
                using var contiguous = TensorBytes.ContiguousCpu(tensor);
                zip.Add($"{ArchiveName}/data/{PickleWriter.StorageKey(i)}", bytes, s => TensorBytes.WriteTo(contiguous, s));
            }

            zip.Add($"{ArchiveName}/version", "3\n"u8);
            zip.Finish();
        });
    }
}
