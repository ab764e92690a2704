using System.Collections;

namespace SeCo.Vision.Checkpoints;

/// <summary>
/// A Python tuple read from a pickle (also <c>torch.Size</c>). Immutable, compared by value so it can
/// key a <see cref="PickleDict"/> like it keys a Python dict.
/// </summary>
public sealed class PickleTuple : IReadOnlyList<object?>, IEquatable<PickleTuple>
{
    private readonly object?[] _items;
    private int? _hash;

    /// <summary>Creates a tuple holding <paramref name="items"/> (not copied).</summary>
    public PickleTuple(params object?[] items)
    {
        ArgumentNullException.ThrowIfNull(items);
        _items = items;
        var depth = 0;
        long size = 1;
        foreach (var item in items)
        {
            if (item is PickleTuple inner)
            {
                depth = Math.Max(depth, inner.Depth);
                size += inner.Size;
            }
            else
            {
                size++;
            }

            size = Math.Min(size, long.MaxValue / 2);
        }

        Depth = depth + 1;
        Size = size;
    }

    /// <summary>
    /// How many tuples deep this tuple nests (1 when no item is a tuple). Equality, hashing and
    /// <see cref="ToString"/> recurse through nested tuples, so the reader refuses tuples deeper than
    /// <see cref="PickleReader.MaxNestingDepth"/> before anything hashes them.
    /// </summary>
    public int Depth { get; }

    /// <summary>
    /// How many values equality, hashing and <see cref="ToString"/> visit: items counted once per
    /// occurrence, a nested tuple by its own size (a pickle can share one tuple many times, so this
    /// can be exponential in the file size; the reader refuses tuples larger than <see cref="PickleReader.MaxTupleSize"/>).
    /// </summary>
    public long Size { get; }

    /// <summary>The empty tuple.</summary>
    public static PickleTuple Empty { get; } = new();

    /// <inheritdoc />
    public int Count => _items.Length;

    /// <inheritdoc />
    public object? this[int index] => _items[index];

    /// <inheritdoc />
    public IEnumerator<object?> GetEnumerator() => ((IEnumerable<object?>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _items.GetEnumerator();

    /// <inheritdoc />
    public bool Equals(PickleTuple? other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }

        if (other is null || other.Count != Count || other.GetHashCode() != GetHashCode())
        {
            return false;
        }

        for (var i = 0; i < _items.Length; i++)
        {
            if (!Equals(_items[i], other._items[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as PickleTuple);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        // Immutable, so computed once: nested tuples shared many times are hashed once each.
        if (_hash is { } cached)
        {
            return cached;
        }

        var hash = new HashCode();
        foreach (var item in _items)
        {
            hash.Add(item);
        }

        _hash = hash.ToHashCode();
        return _hash.Value;
    }

    /// <inheritdoc />
    public override string ToString() => $"({string.Join(", ", _items.Select(i => i?.ToString() ?? "None"))}{(_items.Length == 1 ? "," : string.Empty)})";
}
