using System.Collections.Concurrent;
using SeCo.Host.Hosting;
using SeCo.Host.Runtime;
using SeCo.Sdk.Tensors;

namespace SeCo.Host.Daemon;

/// <summary>
/// The daemon's tensor contexts, one per device name, created on first use and kept for the daemon's
/// life, and the one model cache they share: loaded models stay resident between runs within
/// <see cref="DaemonOptions.ModelMemoryBudgetBytes"/>, least recently used evicted first.
/// </summary>
internal sealed class TensorContexts(DaemonOptions options) : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<LazyTensorContext>> _contexts = new(StringComparer.Ordinal);

    /// <summary>The models kept between runs, for every device.</summary>
    public ModelCache Models { get; } = new(options.ModelMemoryBudgetBytes);

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

    /// <summary>
    /// The context of one run on a device: the device's shared context with a view of the model cache that
    /// leases what the run loads until it is disposed and reports every cache event to <paramref name="report"/>.
    /// </summary>
    public RunTensorContext ForRun(string device, Action<ModelCacheEvent> report) => new(For(device), new RunModelCache(Models, report));

    public void Dispose()
    {
        Models.Dispose();
        foreach (var context in _contexts.Values.Where(l => l.IsValueCreated))
        {
            context.Value.Dispose();
        }
    }
}
