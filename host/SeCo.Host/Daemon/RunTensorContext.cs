using SeCo.Host.Hosting;
using SeCo.Sdk.Tensors;
using TorchSharp;

namespace SeCo.Host.Daemon;

/// <summary>
/// The tensor context one run sees: the daemon's long-lived context for the device (its device lease
/// is shared by all runs), with the run's leased view of the shared model cache.
/// </summary>
internal sealed class RunTensorContext(LazyTensorContext device, RunModelCache models) : ITensorContext, IDisposable
{
    public torch.Device Device => device.Device;

    public torch.ScalarType? ReducedPrecision => device.ReducedPrecision;

    public IModelCache Models => models;

    public Task<IDisposable> AcquireDeviceAsync(CancellationToken cancellationToken) => device.AcquireDeviceAsync(cancellationToken);

    /// <summary>Releases the run's model leases.</summary>
    public void Dispose() => models.Dispose();
}
