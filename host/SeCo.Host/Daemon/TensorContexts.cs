using System.Collections.Concurrent;
using SeCo.Host.Hosting;

namespace SeCo.Host.Daemon;

/// <summary>
/// The daemon's tensor contexts, one per device name, created on first use and kept for the daemon's
/// life: their model caches keep loaded models between runs.
/// </summary>
internal sealed class TensorContexts : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<LazyTensorContext>> _contexts = new(StringComparer.Ordinal);

    /// <summary>The context for a device name (<c>auto</c>, <c>cpu</c>, <c>cuda</c>, <c>cuda:N</c>).</summary>
    /// <exception cref="ArgumentException">The device name is unknown.</exception>
    public LazyTensorContext For(string device)
    {
        var key = device.Trim().ToLowerInvariant();
        var lazy = _contexts.GetOrAdd(key, k => new Lazy<LazyTensorContext>(() => new LazyTensorContext(k), LazyThreadSafetyMode.ExecutionAndPublication));
        try
        {
            return lazy.Value;
        }
        catch (ArgumentException)
        {
            _contexts.TryRemove(key, out _);
            throw;
        }
    }

    public void Dispose()
    {
        foreach (var context in _contexts.Values.Where(l => l.IsValueCreated))
        {
            context.Value.Dispose();
        }
    }
}
