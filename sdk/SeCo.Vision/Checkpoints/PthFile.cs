using System.IO.Compression;
using System.Numerics;
using SeCo.Sdk.Errors;
using static TorchSharp.torch;

namespace SeCo.Vision.Checkpoints;

/// <summary>
/// An open PyTorch <c>.pth</c> checkpoint (the zip format of PyTorch ≥ 1.6 or the legacy format):
/// its pickled object tree, read safely, with tensors as <see cref="LazyTensor"/>s whose storages
/// are read only when loaded. Dispose it to close the file.
/// </summary>
/// <remarks>
/// Values in <see cref="Root"/>: <see langword="null"/>, <see cref="bool"/>, <see cref="long"/>,
/// <see cref="BigInteger"/>, <see cref="double"/>, <see cref="string"/>, <see cref="byte"/>[],
/// <see cref="List{T}"/> of values, <see cref="PickleTuple"/>, <see cref="PickleDict"/>,
/// <see cref="HashSet{T}"/>, <see cref="LazyTensor"/> and <see cref="PickleObject"/>.
/// </remarks>
public sealed class PthFile : IDisposable
{
    /// <summary>The first pickle of a legacy checkpoint holds this number.</summary>
    private static readonly BigInteger s_legacyMagic = BigInteger.Parse("119547037146038801333356", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Where <see cref="StateDict"/> looks for the weights, in order, when the root is not itself a state dict.</summary>
    private static readonly string[] s_stateDictKeys =
    [
        "state_dict", "model_state_dict", "model_state", "model", "module", "net", "network", "params", "weights",
        "state_dict_ema", "model_ema", "ema",
    ];

    /// <summary>The largest pickle record (<c>data.pkl</c>) read: the tensors' data is in other records, so real ones are a few MB.</summary>
    internal const long MaxPickleBytes = 1L << 30;

    /// <summary>The most a zip record may expand (deflate's limit is about 1032:1).</summary>
    internal const long MaxCompressionRatio = 1100;

    private readonly StorageCache _storages;

    private PthFile(string path, object? root, bool isLegacyFormat, StorageCache storages)
    {
        Path = path;
        Root = root;
        IsLegacyFormat = isLegacyFormat;
        _storages = storages;
    }

    /// <summary>The storages read so far and not yet released (for tests of the memory behaviour).</summary>
    internal StorageCache Storages => _storages;

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>The unpickled object: usually a <see cref="PickleDict"/>.</summary>
    public object? Root { get; }

    /// <summary>Whether the file uses the legacy (pre-1.6, non-zip) serialisation.</summary>
    public bool IsLegacyFormat { get; }

    /// <summary>A top-level entry of the checkpoint (e.g. <c>epoch</c>), or <see langword="null"/> when absent or when the root is no dict.</summary>
    public object? this[string key] => Root is PickleDict dict && dict.TryGetValue(key, out var value) ? value : null;

    /// <summary>Opens and unpickles a checkpoint; no tensor data is read yet.</summary>
    /// <exception cref="SeCoInputException">The file is missing, truncated, corrupt, not a PyTorch checkpoint, or references a Python global that is not allowed.</exception>
    public static PthFile Open(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new SeCoInputException(path, "The checkpoint file does not exist.");
        }

        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        var storages = new StorageCache(path);
        try
        {
            Span<byte> head = stackalloc byte[4];
            var headLength = file.Read(head);
            file.Position = 0;
            if (headLength == 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4)
            {
                return OpenZip(file, path, storages);
            }

            if (headLength >= 2 && head[0] == 0x80)
            {
                return OpenLegacy(file, path, storages);
            }

            throw new SeCoInputException(path, "The file is not a PyTorch checkpoint: it is neither a zip archive (torch.save since PyTorch 1.6) nor a legacy pickle.");
        }
        catch
        {
            storages.Dispose();
            file.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Loads the state dict: the root when it is a dict of tensors, else the first dict of tensors
    /// under <c>state_dict</c>, <c>model_state_dict</c>, <c>model_state</c>, <c>model</c>, … (or the only one).
    /// </summary>
    /// <param name="key">Where the state dict is, as <c>/</c>-separated keys from the root (e.g. <c>model</c> or
    /// <c>ema/state_dict</c>); found automatically when <see langword="null"/>; the root when empty.</param>
    /// <param name="stripModulePrefix">Remove the <c>module.</c> prefix that <c>DataParallel</c> adds to every key.</param>
    /// <param name="device">Where to put the tensors; CPU when <see langword="null"/>.</param>
    /// <param name="dtype">Convert floating-point tensors to this type (integer and bool buffers keep theirs); keep every tensor's type when <see langword="null"/>.</param>
    /// <returns>The tensors by name in file order; the caller owns them.</returns>
    public Dictionary<string, Tensor> StateDict(string? key = null, bool stripModulePrefix = false, Device? device = null, ScalarType? dtype = null)
    {
        var dict = FindStateDict(key);
        var result = new Dictionary<string, Tensor>(dict.Count, StringComparer.Ordinal);
        try
        {
            foreach (var (entryKey, value) in dict)
            {
                var name = (string)entryKey;
                if (stripModulePrefix && name.StartsWith("module.", StringComparison.Ordinal))
                {
                    name = name["module.".Length..];
                }

                if (result.ContainsKey(name))
                {
                    throw new SeCoInputException(Path, $"Removing the 'module.' prefix makes two entries named '{name}'.");
                }

                result.Add(name, ((LazyTensor)value!).Load(device, dtype));
            }
        }
        catch
        {
            foreach (var tensor in result.Values)
            {
                tensor.Dispose();
            }

            throw;
        }

        return result;
    }

    /// <summary>The dict of tensors <see cref="StateDict"/> would load, and where it was found (<c>/</c>-separated; empty for the root).</summary>
    public (PickleDict Tensors, string Location) LocateStateDict(string? key = null)
    {
        if (key is not null)
        {
            object? node = Root;
            foreach (var part in key.Split('/', StringSplitOptions.RemoveEmptyEntries))
            {
                if (node is not PickleDict dict || !dict.TryGetValue(part, out node))
                {
                    throw new SeCoInputException(Path, $"The checkpoint has no entry '{key}'. Top-level entries: {DescribeKeys(Root)}.");
                }
            }

            return IsTensorDict(node)
                ? ((PickleDict)node!, key)
                : throw new SeCoInputException(Path, $"The entry '{key}' is not a state dict (a dict of tensors).");
        }

        return Search(Root, string.Empty, depth: 0)
            ?? throw new SeCoInputException(Path, $"No state dict (a dict of tensors) was found in the checkpoint. Top-level entries: {DescribeKeys(Root)}. Name the entry that holds the weights.");
    }

    /// <inheritdoc />
    public void Dispose() => _storages.Dispose();

    private PickleDict FindStateDict(string? key) => LocateStateDict(key).Tensors;

    private static (PickleDict, string)? Search(object? node, string location, int depth)
    {
        if (IsTensorDict(node))
        {
            return ((PickleDict)node!, location);
        }

        if (node is not PickleDict dict || depth >= 3)
        {
            return null;
        }

        foreach (var name in s_stateDictKeys)
        {
            if (dict.TryGetValue(name, out var child) && Search(child, Join(location, name), depth + 1) is { } found)
            {
                return found;
            }
        }

        (PickleDict, string)? only = null;
        foreach (var (childKey, child) in dict)
        {
            if (childKey is string name && IsTensorDict(child))
            {
                if (only is not null)
                {
                    return null;
                }

                only = ((PickleDict)child!, Join(location, name));
            }
        }

        return only;
    }

    private static string Join(string location, string name) => location.Length == 0 ? name : $"{location}/{name}";

    private static bool IsTensorDict(object? node)
    {
        if (node is not PickleDict dict || dict.Count == 0)
        {
            return false;
        }

        foreach (var (key, value) in dict)
        {
            if (key is not string || value is not LazyTensor)
            {
                return false;
            }
        }

        return true;
    }

    private static string DescribeKeys(object? root) => root is PickleDict dict
        ? string.Join(", ", dict.Keys.Take(20).Select(k => $"'{k}'"))
        : $"(the root is a {root?.GetType().Name ?? "None"}, not a dict)";

    private static PthFile OpenZip(FileStream file, string path, StorageCache storages)
    {
        ZipArchive archive;
        try
        {
            archive = new ZipArchive(file, ZipArchiveMode.Read, leaveOpen: false);
        }
        catch (InvalidDataException ex)
        {
            throw new SeCoInputException(path, $"The checkpoint is not a readable zip archive ({ex.Message}). The file is truncated or corrupt.", ex);
        }

        try
        {
            if (archive.Entries.Count == 0)
            {
                throw new SeCoInputException(path, "The checkpoint's zip archive is empty.");
            }

            var first = archive.Entries[0].FullName;
            var slash = first.IndexOf('/', StringComparison.Ordinal);
            var prefix = slash < 0 ? string.Empty : first[..(slash + 1)];
            if (archive.GetEntry($"{prefix}constants.pkl") is not null)
            {
                throw new SeCoInputException(path, "The file is a TorchScript archive (torch.jit.save), not a torch.save checkpoint. Save the model's state_dict() with torch.save instead.");
            }

            var pickleEntry = archive.GetEntry($"{prefix}data.pkl")
                ?? throw new SeCoInputException(path, $"The zip archive has no '{prefix}data.pkl' record, so it is not a torch.save checkpoint.");

            if (archive.GetEntry($"{prefix}byteorder") is { } byteOrder && ReadSmallText(byteOrder, path).Trim() == "big")
            {
                throw new SeCoInputException(path, "The checkpoint was saved on a big-endian machine; only little-endian checkpoints are supported.");
            }

            if (pickleEntry.Length > MaxPickleBytes)
            {
                throw new SeCoInputException(path, $"Record '{pickleEntry.FullName}' is {pickleEntry.Length} bytes, more than the {MaxPickleBytes} bytes a checkpoint pickle may have.");
            }

            CheckEntrySize(pickleEntry, file.Length, path);
            using var pickle = new MemoryStream((int)pickleEntry.Length);
            try
            {
                using var entryStream = pickleEntry.Open();
                // Never more than the declared size, whatever the compressed stream expands to.
                var buffer = new byte[81920];
                int read;
                while ((read = entryStream.Read(buffer, 0, (int)Math.Min(buffer.Length, pickleEntry.Length + 1 - pickle.Length))) > 0)
                {
                    pickle.Write(buffer, 0, read);
                    if (pickle.Length > pickleEntry.Length)
                    {
                        throw new SeCoInputException(path, $"Record '{pickleEntry.FullName}' expands to more than its declared {pickleEntry.Length} bytes. The file is corrupt.");
                    }
                }
            }
            catch (InvalidDataException ex)
            {
                throw new SeCoInputException(path, $"Record '{pickleEntry.FullName}' cannot be read ({ex.Message}). The file is corrupt.", ex);
            }

            pickle.Position = 0;
            var root = new PickleReader(pickle, path, storages).Load();
            storages.Source = new ZipStorageSource(archive, prefix, path, file.Length);
            return new PthFile(path, root, isLegacyFormat: false, storages);
        }
        catch (InvalidDataException ex)
        {
            // The central directory is read lazily: a corrupt one surfaces here, not in the constructor.
            archive.Dispose();
            throw new SeCoInputException(path, $"The checkpoint is not a readable zip archive ({ex.Message}). The file is truncated or corrupt.", ex);
        }
        catch
        {
            archive.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Refuses a zip record whose declared sizes cannot be real: compressed data larger than the file, or
    /// more expansion than deflate can give (about 1032:1), so a tiny file cannot make the reader allocate
    /// gigabytes. torch.save stores records uncompressed.
    /// </summary>
    internal static void CheckEntrySize(ZipArchiveEntry entry, long fileLength, string path)
    {
        if (entry.CompressedLength > fileLength || entry.Length > (entry.CompressedLength * MaxCompressionRatio) + 1024)
        {
            throw new SeCoInputException(path, $"Record '{entry.FullName}' declares {entry.Length} bytes from {entry.CompressedLength} compressed bytes in a {fileLength}-byte file, which no zip can hold. The file is corrupt.");
        }
    }

    private static string ReadSmallText(ZipArchiveEntry entry, string path)
    {
        if (entry.Length > 64)
        {
            throw new SeCoInputException(path, $"Record '{entry.FullName}' is unexpectedly large.");
        }

        using var reader = new StreamReader(entry.Open());
        return reader.ReadToEnd();
    }

    private static PthFile OpenLegacy(FileStream file, string path, StorageCache storages)
    {
        if (file.Length >= 512 && IsTar(file))
        {
            throw new SeCoInputException(path, "The checkpoint uses PyTorch's oldest tar-based format, which is not supported. Convert it with PyTorch ≥ 1.6: torch.save(torch.load(old_path), new_path).");
        }

        var magic = new PickleReader(file, path, storages: null).Load();
        if (magic is not BigInteger number || number != s_legacyMagic)
        {
            throw new SeCoInputException(path, "The file is a pickle but not a PyTorch checkpoint (its legacy magic number is missing).");
        }

        var protocol = new PickleReader(file, path, storages: null).Load();
        if (protocol is not 1001L)
        {
            throw new SeCoInputException(path, $"The legacy checkpoint has protocol version {protocol}; only 1001 is supported. Convert it with PyTorch ≥ 1.6: torch.save(torch.load(old_path), new_path).");
        }

        var sysInfo = new PickleReader(file, path, storages: null).Load() as PickleDict;
        if (sysInfo is not null && sysInfo.TryGetValue("little_endian", out var littleEndian) && littleEndian is false)
        {
            throw new SeCoInputException(path, "The legacy checkpoint was saved on a big-endian machine; only little-endian checkpoints are supported.");
        }

        var root = new PickleReader(file, path, storages).Load();
        storages.Source = LegacyStorageSource.Create(file, path, storages.Declared);
        return new PthFile(path, root, isLegacyFormat: true, storages);
    }

    private static bool IsTar(FileStream file)
    {
        Span<byte> magic = stackalloc byte[5];
        var read = RandomAccess.Read(file.SafeFileHandle, magic, 257);
        return read == 5 && magic.SequenceEqual("ustar"u8);
    }
}
