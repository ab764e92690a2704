using System.Collections;

namespace SeCo.Vision.Checkpoints;

/// <summary>
/// A Python tuple read from a pickle (also <c>torch.Size</c>). Immutable, compared by value so it can
/// key a <see cref="PickleDict"/> like it keys a Python dict.
/// </summary>
public sealed class PickleTuple : IReadOnlyList<object?>, IEquatable<PickleTuple>
{
    private readonly object?[] _items;

    /// <summary>Creates a tuple holding <paramref name="items"/> (not copied).</summary>
    public PickleTuple(params object?[] items)
    {
        _items = items;
    }

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
        if (other is null || other.Count != Count)
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
        var hash = new HashCode();
        foreach (var item in _items)
        {
            hash.Add(item);
        }

        return hash.ToHashCode();
    }

    /// <inheritdoc />
    public override string ToString() => $"({string.Join(", ", _items.Select(i => i?.ToString() ?? "None"))}{(_items.Length == 1 ? "," : string.Empty)})";
}
