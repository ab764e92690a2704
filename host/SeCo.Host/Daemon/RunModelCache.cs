using SeCo.Host.Runtime;
using SeCo.Sdk.Tensors;

namespace SeCo.Host.Daemon;

/// <summary>
/// One run's view of the daemon's shared <see cref="ModelCache"/>: every model the run takes is leased
/// until the run ends (so a model in use is never evicted by another run's load), and every load, reuse
/// and eviction is reported to the run.
/// </summary>
internal sealed class RunModelCache(ModelCache shared, Action<ModelCacheEvent> report) : IModelCache, IDisposable
{
    private readonly List<IDisposable> _leases = [];
    private readonly Lock _lock = new();
    private bool _disposed;

    public IReadOnlyCollection<string> Keys => shared.Keys;

    public T GetOrCreate<T>(string key, Func<T> factory)
        where T : class
    {
        var lease = shared.Lease(key, factory, report);
        lock (_lock)
        {
            if (!_disposed)
            {
                _leases.Add(lease);
                return lease.Value;
            }
        }

        // The run already ended (a stage outlived it): hand the model out unleased.
        lease.Dispose();
        return lease.Value;
    }

    public bool Evict(string key) => shared.Evict(key);

    /// <summary>Releases the run's leases; models stay cached for the next run (and become evictable).</summary>
    public void Dispose()
    {
        IDisposable[] leases;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            leases = [.. _leases];
            _leases.Clear();
        }

        foreach (var lease in leases)
        {
            lease.Dispose();
        }
    }
}
