using SeCo.Sdk.Tensors;
using TorchSharp;

namespace SeCo.Host.Runtime;

/// <summary>The default <see cref="ITensorContext"/>: one device, one model cache, one lease.</summary>
public sealed class TensorContext : ITensorContext, IDisposable
{
    private readonly SemaphoreSlim _lease = new(1, 1);
    private readonly ModelCache _models = new();

    /// <summary>Creates a context on a device.</summary>
    /// <param name="device">The device.</param>
    /// <param name="reducedPrecision">The autocast type stages may use, or null for fp32.</param>
    public TensorContext(torch.Device device, torch.ScalarType? reducedPrecision = null)
    {
        Device = device;
        ReducedPrecision = device.type == DeviceType.CPU ? null : reducedPrecision;
    }

    /// <inheritdoc />
    public torch.Device Device { get; }

    /// <inheritdoc />
    public torch.ScalarType? ReducedPrecision { get; }

    /// <inheritdoc />
    public IModelCache Models => _models;

    /// <summary>
    /// Creates a context from a device name: <c>auto</c> (CUDA when available, else CPU), <c>cpu</c>,
    /// <c>cuda</c> or <c>cuda:N</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The name is unknown, or CUDA was asked for and is not available.</exception>
    public static TensorContext Create(string device, torch.ScalarType? reducedPrecision = null)
    {
        var name = string.IsNullOrWhiteSpace(device) ? "auto" : device.Trim().ToLowerInvariant();
        if (name == "auto")
        {
            return new TensorContext(torch.cuda.is_available() ? torch.CUDA : torch.CPU, reducedPrecision);
        }

        if (name.StartsWith("cuda", StringComparison.Ordinal) && !torch.cuda.is_available())
        {
            throw new ArgumentException($"Device '{device}' was requested but CUDA is not available in this build (TorchSharp backend without CUDA, or no GPU).");
        }

        try
        {
            return new TensorContext(torch.device(name), reducedPrecision);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new ArgumentException($"Unknown device '{device}': expected auto, cpu, cuda or cuda:N.", ex);
        }
    }

    /// <inheritdoc />
    public async Task<IDisposable> AcquireDeviceAsync(CancellationToken cancellationToken)
    {
        await _lease.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Lease(_lease);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _models.Dispose();
        _lease.Dispose();
    }

    private sealed class Lease(SemaphoreSlim semaphore) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                semaphore.Release();
            }
        }
    }
}
