namespace SeCo.Host.Runtime;

/// <summary>
/// A model taken from a <see cref="ModelCache"/> with <see cref="ModelCache.Lease{T}"/>: while the lease is
/// held the model is never evicted or disposed. Dispose the lease when the model is no longer used.
/// </summary>
/// <typeparam name="T">The model type.</typeparam>
public sealed class ModelLease<T> : IDisposable
    where T : class
{
    private readonly Action _release;
    private int _released;

    internal ModelLease(string key, T value, long bytes, bool loaded, Action release)
    {
        Key = key;
        Value = value;
        Bytes = bytes;
        Loaded = loaded;
        _release = release;
    }

    /// <summary>The cache key.</summary>
    public string Key { get; }

    /// <summary>The model.</summary>
    public T Value { get; }

    /// <summary>The model's estimated size.</summary>
    public long Bytes { get; }

    /// <summary>True when this lease ran the factory; false when the model was already cached.</summary>
    public bool Loaded { get; }

    /// <summary>Releases the model: it may be evicted again (and is disposed if it was evicted meanwhile).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            _release();
        }
    }
}
