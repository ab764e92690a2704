using TorchSharp;

namespace SeCo.Sdk.Tensors;

/// <summary>
/// The tensor state shared by every stage of a host: the device, the precision policy, a model cache
/// and a device lease. Stages must dispose tensors deterministically (a
/// <c>torch.NewDisposeScope()</c> per loop body, inference under <c>torch.no_grad()</c>).
/// </summary>
public interface ITensorContext
{
    /// <summary>The compute device: <c>cuda:N</c> when available and requested, else <c>cpu</c>.</summary>
    torch.Device Device { get; }

    /// <summary>
    /// The reduced precision a stage may autocast to where it allows (fp16/bf16 on GPU), or null for
    /// full fp32 (always on CPU).
    /// </summary>
    torch.ScalarType? ReducedPrecision { get; }

    /// <summary>Models kept between runs.</summary>
    IModelCache Models { get; }

    /// <summary>
    /// Waits for exclusive use of the device. Stages declared with <c>UsesDevice</c> get the lease from
    /// the host; others may take it around heavy sections. Dispose the result to release it.
    /// </summary>
    Task<IDisposable> AcquireDeviceAsync(CancellationToken cancellationToken);
}
