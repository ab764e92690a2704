using SeCo.Sdk.IO;
using static TorchSharp.torch;

namespace SeCo.Vision.Checkpoints;

/// <summary>
/// Writes a state dict as a PyTorch zip checkpoint: <c>archive/data.pkl</c>, <c>archive/byteorder</c>,
/// one <c>archive/data/&lt;i&gt;</c> record per tensor (uncompressed, 64-byte aligned) and
/// <c>archive/version</c> = 3, through <see cref="AtomicFile"/>.
/// </summary>
internal static class PthWriter
{
    /// <summary>The folder inside the zip; PyTorch ≥ 2 names it <c>archive</c> too.</summary>
    private const string ArchiveName = "archive";

    public static void Save(string path, IReadOnlyDictionary<string, Tensor> tensors, long zip64Threshold = uint.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(tensors);

        var items = new List<(Tensor Tensor, long Bytes)>(tensors.Count);
        var records = new List<PickleWriter.TensorRecord>(tensors.Count);
        foreach (var (name, tensor) in tensors)
        {
            ArgumentNullException.ThrowIfNull(name);
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
            records.Add(new PickleWriter.TensorRecord(name, PickleWriter.StorageKey(records.Count), TorchStorageTypes.ToName(type), numel, shape, stride));
            items.Add((tensor, numel * TorchStorageTypes.ElementSize(type)));
        }

        var pickle = PickleWriter.StateDict(records);
        AtomicFile.Write(path, stream =>
        {
            var zip = new PthZipWriter(stream, zip64Threshold);
            zip.Add($"{ArchiveName}/data.pkl", pickle);
            zip.Add($"{ArchiveName}/byteorder", "little"u8);
            for (var i = 0; i < items.Count; i++)
            {
                var (tensor, bytes) = items[i];
                using var contiguous = TensorBytes.ContiguousCpu(tensor);
                zip.Add($"{ArchiveName}/data/{records[i].StorageKey}", bytes, s => TensorBytes.WriteTo(contiguous, s));
            }

            zip.Add($"{ArchiveName}/version", "3\n"u8);
            zip.Finish();
        });
    }
}
