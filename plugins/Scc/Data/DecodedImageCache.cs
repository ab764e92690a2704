using SeCo.Vision.Imaging;

namespace SeCo.Plugins.Scc.Data;

/// <summary>
/// Decoded images by path, least recently used evicted first once their pixels exceed a byte budget. Training draws
/// regions of all images in random order; without it every region would decode its image again.
/// Not thread-safe: each <see cref="RegionPatchLoader"/> owns one.
/// </summary>
public sealed class DecodedImageCache
{
    private readonly Dictionary<string, LinkedListNode<(string Path, RgbImage Image)>> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<(string Path, RgbImage Image)> _recency = new();
    private long _bytes;

    /// <summary>Creates a cache holding up to <paramref name="budgetBytes"/> of pixels (at least the last image).</summary>
    public DecodedImageCache(long budgetBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(budgetBytes);
        BudgetBytes = budgetBytes;
    }

    /// <summary>The byte budget.</summary>
    public long BudgetBytes { get; }

    /// <summary>Images held now.</summary>
    public int Count => _entries.Count;

    /// <summary>The image at <paramref name="path"/>, decoded with <paramref name="decode"/> unless cached.</summary>
    public RgbImage Get(string path, Func<string, RgbImage> decode)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(decode);
        if (_entries.TryGetValue(path, out var node))
        {
            _recency.Remove(node);
            _recency.AddFirst(node);
            return node.Value.Image;
        }

        var image = decode(path);
        _entries[path] = _recency.AddFirst((path, image));
        _bytes += image.Data.Length;
        while (_bytes > BudgetBytes && _recency.Count > 1)
        {
            var last = _recency.Last!;
            _recency.RemoveLast();
            _entries.Remove(last.Value.Path);
            _bytes -= last.Value.Image.Data.Length;
        }

        return image;
    }
}
