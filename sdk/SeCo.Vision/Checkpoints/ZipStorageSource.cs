using System.IO.Compression;
using SeCo.Sdk.Errors;
using TorchSharp;
using static TorchSharp.torch;

namespace SeCo.Vision.Checkpoints;

/// <summary>Reads storages from a zip checkpoint's <c>&lt;prefix&gt;/data/&lt;key&gt;</c> entries, streaming each entry into tensor memory.</summary>
internal sealed class ZipStorageSource : IStorageSource
{
    private readonly ZipArchive _archive;
    private readonly string _prefix;
    private readonly string _path;
    private readonly long _fileLength;

    public ZipStorageSource(ZipArchive archive, string prefix, string path, long fileLength)
    {
        _fileLength = fileLength;
        _archive = archive;
        _prefix = prefix;
        _path = path;
    }

    /// <inheritdoc />
    public Tensor Read(string key, ScalarType type, long numel)
    {
        var name = $"{_prefix}data/{key}";
        var entry = _archive.GetEntry(name)
            ?? throw new SeCoInputException(_path, $"The checkpoint refers to storage '{key}' but has no record '{name}'. The file is corrupt or truncated.");
        var expected = numel * TorchStorageTypes.ElementSize(type);
        if (entry.Length != expected)
        {
            throw new SeCoInputException(_path, $"Record '{name}' holds {entry.Length} bytes, but its storage needs {numel} × {type} = {expected} bytes. The file is corrupt.");
        }

        PthFile.CheckEntrySize(entry, _fileLength, _path);
        var tensor = torch.empty(numel, type);
        try
        {
            using var stream = entry.Open();
            var crc = new System.IO.Hashing.Crc32();
            TensorBytes.ReadInto(tensor, stream, _path, $"record '{name}'", crc);
            if (crc.GetCurrentHashAsUInt32() != entry.Crc32)
            {
                throw new SeCoInputException(_path, $"Record '{name}' fails its CRC-32 check. The file is corrupt.");
            }

            return tensor;
        }
        catch (InvalidDataException ex)
        {
            tensor.Dispose();
            throw new SeCoInputException(_path, $"Record '{name}' cannot be read ({ex.Message}). The file is corrupt.", ex);
        }
        catch
        {
            tensor.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public void Dispose() => _archive.Dispose();
}
