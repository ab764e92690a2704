using SeCo.Host.Runtime;
using SeCo.Sdk.Tensors;
using TorchSharp;

namespace SeCo.Host.Hosting;

/// <summary>
/// The host's <see cref="ITensorContext"/>, created on first use: loading libtorch takes a second or
/// two, and a run whose stages are all cached never needs it. The device name is checked up front.
/// </summary>
internal sealed class LazyTensorContext : ITensorContext, IDisposable
{
    private readonly Lazy<TensorContext> _context;

    public LazyTensorContext(string device)
    {
        if (!DeviceNames.IsKnown(device))
        {
            throw new ArgumentException($"Unknown device '{device}': expected {DeviceNames.Expected}.");
        }

        _context = new Lazy<TensorContext>(() => TensorContext.Create(device), LazyThreadSafetyMode.ExecutionAndPublication);
        if (device.Trim().StartsWith("cuda", StringComparison.OrdinalIgnoreCase))
        {
            // An explicit GPU must be checked before anything runs: creating the context does that.
            _ = _context.Value;
        }
    }

    /// <summary>True once a stage has touched the context (and libtorch is loaded).</summary>
    public bool IsCreated => _context.IsValueCreated;

    public torch.Device Device => _context.Value.Device;

    public torch.ScalarType? ReducedPrecision => _context.Value.ReducedPrecision;

    public IModelCache Models => _context.Value.Models;

    public Task<IDisposable> AcquireDeviceAsync(CancellationToken cancellationToken) => _context.Value.AcquireDeviceAsync(cancellationToken);

    public void Dispose()
    {
        if (_context.IsValueCreated)
        {
            _context.Value.Dispose();
        }
    }
}
