using SeCo.Sdk.Tensors;
using TorchSharp;

namespace SeCo.Host.Runtime;

/// <summary>Estimates how much memory a cached model holds, for the <see cref="ModelCache"/> budget.</summary>
public static class ModelSize
{
    /// <summary>
    /// The size of <paramref name="model"/>: <see cref="ISizedModel.SizeInBytes"/> when it reports one; for a
    /// TorchSharp module the bytes of its parameters and buffers (each tensor counted once); for a tensor its
    /// bytes; otherwise 0 (unknown sizes do not count against the budget).
    /// </summary>
    public static long Estimate(object model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model switch
        {
            ISizedModel sized => Math.Max(0, sized.SizeInBytes),
            torch.nn.Module module => OfModule(module),
            torch.Tensor tensor => tensor.numel() * tensor.ElementSize,
            _ => 0,
        };
    }

    private static long OfModule(torch.nn.Module module)
    {
        var seen = new HashSet<IntPtr>();
        long bytes = 0;
        foreach (var parameter in module.parameters())
        {
            bytes += Count(parameter, seen);
        }

        foreach (var buffer in module.buffers())
        {
            bytes += Count(buffer, seen);
        }

        return bytes;
    }

    // Tied weights are one tensor reachable twice; count its storage once.
    private static long Count(torch.Tensor tensor, HashSet<IntPtr> seen) =>
        seen.Add(tensor.Handle) ? tensor.numel() * tensor.ElementSize : 0;
}
