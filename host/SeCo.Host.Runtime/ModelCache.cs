using System.Diagnostics;
using SeCo.Sdk.Tensors;

namespace SeCo.Host.Runtime;

/// <summary>
/// A thread-safe <see cref="IModelCache"/> with a memory budget and least-recently-used eviction.
/// Each model's size is estimated once when it is loaded (<see cref="ModelSize.Estimate"/>); when the
/// cached models together exceed <see cref="BudgetBytes"/>, the least recently used ones that nobody
/// holds a <see cref="ModelLease{T}"/> on are removed and, when <see cref="IDisposable"/>, disposed.
/// A leased model is never evicted or disposed; an explicit <see cref="Evict"/> of a leased model
/// removes it at once and disposes it when the last lease is released.
/// </summary>
public sealed class ModelCache : IModelCache, IDisposable
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private long _clock;
    private long _cachedBytes;
    private bool _disposed;

    /// <summary>Creates a cache without a budget: models stay until evicted or the cache is disposed.</summary>
    public ModelCache()
        : this(long.MaxValue)
    {
    }

    /// <summary>Creates a cache that keeps the estimated size of its models within <paramref name="budgetBytes"/>.</summary>
    /// <param name="budgetBytes">The memory budget in bytes; a model larger than the budget is still loaded, and evicted once unused.</param>
    public ModelCache(long budgetBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(budgetBytes);
        BudgetBytes = budgetBytes;
    }

    /// <summary>The memory budget in bytes (<see cref="long.MaxValue"/> when unlimited).</summary>
    public long BudgetBytes { get; }

    /// <summary>The estimated size of the cached models.</summary>
    public long CachedBytes
    {
        get
        {
            lock (_lock)
            {
                return _cachedBytes;
            }
        }
    }

    /// <inheritdoc />
    public IReadOnlyCollection<string> Keys
    {
        get
        {
            lock (_lock)
            {
                return _entries.Keys.ToArray();
            }
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// The model is not leased: under a budget, a later load may evict (and dispose) it. Callers that use
    /// the model while other models load should take a <see cref="Lease{T}"/> instead.
    /// </remarks>
    public T GetOrCreate<T>(string key, Func<T> factory)
        where T : class
    {
        using var lease = Lease(key, factory);
        return lease.Value;
    }

    /// <summary>
    /// Returns the cached model for <paramref name="key"/>, creating it once with <paramref name="factory"/>,
    /// and keeps it from eviction until the lease is disposed. Concurrent callers of one key share one
    /// factory call. Models evicted to make room are disposed after the call.
    /// </summary>
    /// <param name="key">Identifies the model: checkpoint path, variant, device and dtype.</param>
    /// <param name="factory">Creates the model when absent.</param>
    /// <param name="observer">Told what happened: <see cref="ModelCacheEventKind.Loaded"/> or
    /// <see cref="ModelCacheEventKind.Reused"/> for this key, then every eviction the load caused, and the
    /// evictions that releasing the lease allows.</param>
    public ModelLease<T> Lease<T>(string key, Func<T> factory, Action<ModelCacheEvent>? observer = null)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(factory);
        Entry entry;
        bool created;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            created = !_entries.TryGetValue(key, out entry!);
            if (created)
            {
                entry = new Entry(key, () => factory());
                _entries.Add(key, entry);
            }

            entry.Leases++;
        }

        Loaded loaded;
        try
        {
            loaded = entry.Model.Value;
        }
        catch
        {
            // A failed factory must not poison the key: the next caller tries again.
            lock (_lock)
            {
                entry.Leases--;
                if (_entries.TryGetValue(key, out var current) && current == entry)
                {
                    _entries.Remove(key);
                }
            }

            throw;
        }

        var events = new List<ModelCacheEvent>();
        var evicted = new List<Entry>();
        lock (_lock)
        {
            entry.LastUse = ++_clock;
            if (!entry.Counted && !entry.Removed)
            {
                entry.Counted = true;
                _cachedBytes += loaded.Bytes;
            }

            events.Add(new ModelCacheEvent(created ? ModelCacheEventKind.Loaded : ModelCacheEventKind.Reused, key, loaded.Bytes,
                created ? loaded.LoadTime : TimeSpan.Zero, _cachedBytes, BudgetBytes));
            EvictOverBudget(events, evicted);
        }

        Settle(events, evicted, observer);
        if (loaded.Value is not T value)
        {
            Release(entry, observer);
            throw new InvalidOperationException($"Model cache entry '{key}' holds a {loaded.Value.GetType().Name}, not a {typeof(T).Name}.");
        }

        return new ModelLease<T>(key, value, loaded.Bytes, created, () => Release(entry, observer));
    }

    /// <inheritdoc />
    /// <remarks>A leased model leaves the cache at once and is disposed when its last lease is released.</remarks>
    public bool Evict(string key)
    {
        Entry? entry;
        lock (_lock)
        {
            if (!_entries.Remove(key, out entry))
            {
                return false;
            }

            MarkRemoved(entry);
            if (entry.Leases > 0)
            {
                return true;
            }
        }

        DisposeModel(entry);
        return true;
    }

    /// <summary>Evicts every model; leased ones are disposed when released.</summary>
    public void Dispose()
    {
        var unused = new List<Entry>();
        lock (_lock)
        {
            _disposed = true;
            foreach (var entry in _entries.Values)
            {
                MarkRemoved(entry);
                if (entry.Leases == 0)
                {
                    unused.Add(entry);
                }
            }

            _entries.Clear();
        }

        foreach (var entry in unused)
        {
            DisposeModel(entry);
        }
    }

    private void Release(Entry entry, Action<ModelCacheEvent>? observer)
    {
        var events = new List<ModelCacheEvent>();
        var evicted = new List<Entry>();
        lock (_lock)
        {
            entry.Leases--;
            entry.LastUse = ++_clock;
            if (entry.Removed && entry.Leases == 0)
            {
                evicted.Add(entry);
            }

            // Models that were leased when a load went over budget may be evictable now.
            EvictOverBudget(events, evicted);
        }

        Settle(events, evicted, observer);
    }

    /// <summary>Removes unleased models, least recently used first, until the cache fits the budget (call under the lock).</summary>
    private void EvictOverBudget(List<ModelCacheEvent> events, List<Entry> evicted)
    {
        while (_cachedBytes > BudgetBytes)
        {
            Entry? oldest = null;
            foreach (var candidate in _entries.Values)
            {
                if (candidate.Leases == 0 && candidate.Counted && (oldest is null || candidate.LastUse < oldest.LastUse))
                {
                    oldest = candidate;
                }
            }

            if (oldest is null)
            {
                return;
            }

            _entries.Remove(oldest.Key);
            MarkRemoved(oldest);
            evicted.Add(oldest);
            events.Add(new ModelCacheEvent(ModelCacheEventKind.Evicted, oldest.Key, oldest.Model.Value.Bytes, TimeSpan.Zero, _cachedBytes, BudgetBytes));
        }
    }

    private void MarkRemoved(Entry entry)
    {
        entry.Removed = true;
        if (entry.Counted)
        {
            entry.Counted = false;
            _cachedBytes -= entry.Model.Value.Bytes;
        }
    }

    private static void Settle(List<ModelCacheEvent> events, List<Entry> evicted, Action<ModelCacheEvent>? observer)
    {
        foreach (var entry in evicted)
        {
            DisposeModel(entry);
        }

        if (observer is not null)
        {
            foreach (var item in events)
            {
                observer(item);
            }
        }
    }

    private static void DisposeModel(Entry entry)
    {
        if (entry.Model.IsValueCreated && entry.Model.Value.Value is IDisposable disposable)
        {
            disposable.Dispose();
        }
    }

    private sealed record Loaded(object Value, long Bytes, TimeSpan LoadTime);

    private sealed class Entry(string key, Func<object?> factory)
    {
        public string Key { get; } = key;

        /// <summary>Runs the factory once (concurrent callers wait), timing it and estimating the model's size.</summary>
        public Lazy<Loaded> Model { get; } = new(() =>
        {
            var clock = Stopwatch.StartNew();
            var value = factory() ?? throw new InvalidOperationException($"The factory of model cache entry '{key}' returned null.");
            var loadTime = clock.Elapsed;
            return new Loaded(value, ModelSize.Estimate(value), loadTime);
        }, LazyThreadSafetyMode.ExecutionAndPublication);

        /// <summary>Leases held, including callers waiting for the factory.</summary>
        public int Leases { get; set; }

        /// <summary>The logical time of the last lease or release (least recently used goes first).</summary>
        public long LastUse { get; set; }

        /// <summary>True while the model's bytes count in the cache total.</summary>
        public bool Counted { get; set; }

        /// <summary>True once the entry left the cache; it is disposed when its last lease is released.</summary>
        public bool Removed { get; set; }
    }
}
