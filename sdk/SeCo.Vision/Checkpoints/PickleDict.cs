using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace SeCo.Vision.Checkpoints;

/// <summary>
/// A Python <c>dict</c> or <c>collections.OrderedDict</c> read from a pickle, in insertion order.
/// Keys are strings, integers, floats, booleans or <see cref="PickleTuple"/>s. Attributes that a
/// pickle sets on the object (such as an <c>OrderedDict</c>'s <c>_metadata</c>) are kept in
/// <see cref="Attributes"/>.
/// </summary>
public sealed class PickleDict : IReadOnlyDictionary<object, object?>
{
    private readonly Dictionary<object, object?> _items = new();
    private readonly List<object> _order = new();

    /// <summary>Creates an empty dictionary.</summary>
    /// <param name="isOrderedDict">Whether the pickle built it as a <c>collections.OrderedDict</c>.</param>
    public PickleDict(bool isOrderedDict = false)
    {
        IsOrderedDict = isOrderedDict;
    }

    /// <summary>Whether the pickle built it as a <c>collections.OrderedDict</c> (state dicts are).</summary>
    public bool IsOrderedDict { get; }

    /// <summary>Attributes set on the object by the pickle's BUILD step (e.g. <c>_metadata</c>).</summary>
    public Dictionary<string, object?> Attributes { get; } = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public int Count => _order.Count;

    /// <summary>The keys in insertion order.</summary>
    public IEnumerable<object> Keys => _order;

    /// <summary>The values in insertion order.</summary>
    public IEnumerable<object?> Values => _order.Select(k => _items[k]);

    /// <inheritdoc />
    public object? this[object key] => _items[key];

    /// <summary>Sets a value, keeping the position of an existing key (as Python does).</summary>
    public void Set(object key, object? value)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!_items.ContainsKey(key))
        {
            _order.Add(key);
        }

        _items[key] = value;
    }

    /// <inheritdoc />
    public bool ContainsKey(object key) => _items.ContainsKey(key);

    /// <inheritdoc />
    public bool TryGetValue(object key, [MaybeNullWhen(false)] out object? value) => _items.TryGetValue(key, out value);

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<object, object?>> GetEnumerator()
    {
        foreach (var key in _order)
        {
            yield return new KeyValuePair<object, object?>(key, _items[key]);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
