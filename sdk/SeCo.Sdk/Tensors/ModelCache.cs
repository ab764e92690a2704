using System.Collections.Concurrent;

namespace SeCo.Sdk.Tensors;

/// <summary>A thread-safe <see cref="IModelCache"/>; disposes its entries when evicted or disposed.</summary>
public sealed class ModelCache : IModelCache, IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<object>> _entries = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public IReadOnlyCollection<string> Keys => _entries.Keys.ToArray();

    /// <inheritdoc />
    public T GetOrCreate<T>(string key, Func<T> factory) where T : class
    {
        var lazy = _entries.GetOrAdd(key, _ => new Lazy<object>(() => factory(), LazyThreadSafetyMode.ExecutionAndPublication));
        try
        {
            return lazy.Value as T ?? throw new InvalidOperationException(
                $"Model cache entry '{key}' holds a {lazy.Value.GetType().Name}, not a {typeof(T).Name}.");
        }
        catch
        {
            // A failed factory must not poison the key.
            _entries.TryRemove(new KeyValuePair<string, Lazy<object>>(key, lazy));
            throw;
        }
    }

    /// <inheritdoc />
    public bool Evict(string key)
    {
        if (!_entries.TryRemove(key, out var lazy))
        {
            return false;
        }

        if (lazy.IsValueCreated && lazy.Value is IDisposable disposable)
        {
            disposable.Dispose();
        }

        return true;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var key in _entries.Keys.ToArray())
        {
            Evict(key);
        }
    }
}
