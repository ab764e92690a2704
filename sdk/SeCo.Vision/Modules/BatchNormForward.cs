using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SeCo.Vision.Modules;

/// <summary>
/// <c>BatchNorm2d.forward</c> with the <c>num_batches_tracked</c> increment's <c>Scalar</c> held to the end of the call.
/// TorchSharp 0.107's own forward runs <c>num_batches_tracked.add_(1)</c> with a temporary <c>Scalar</c> that the
/// finalizer can free while libtorch still reads it when another thread triggers a GC (observed in demo runs without
/// prefetching after 300–700 iterations: "Expected false to be true … toLong" from <c>THSTensor_add_scalar_</c>).
/// Same arithmetic, parameters and buffers as the module's forward, so checkpoints and golden steps are unchanged.
/// </summary>
public static class BatchNormForward
{
    /// <summary>Applies <paramref name="norm"/> to <paramref name="input"/> exactly as its forward does, updating its running statistics in training.</summary>
    public static Tensor Apply(BatchNorm2d norm, Tensor input)
    {
        ArgumentNullException.ThrowIfNull(norm);
        ArgumentNullException.ThrowIfNull(input);
        if (input.dim() != 4)
        {
            throw new ArgumentException($"Expected a 4D input (got {input.dim()}D).", nameof(input));
        }

        var factor = norm.momentum ?? 0.0;
        if (norm.training && norm.track_running_stats && norm.num_batches_tracked is not null)
        {
            using var one = 1.ToScalar();
            using var _ = no_grad();
            norm.num_batches_tracked.add_(one, one); // alpha explicit too: add_(Scalar) alone passes a temporary alpha Scalar.
            factor = norm.momentum ?? 1.0 / norm.num_batches_tracked.item<long>();
        }

        var useBatchStatistics = norm.training || (norm.running_mean is null && norm.running_var is null);
        var passStatistics = !norm.training || norm.track_running_stats;
        return nn.functional.batch_norm(input,
            passStatistics ? norm.running_mean : null, passStatistics ? norm.running_var : null,
            norm.weight, norm.bias, useBatchStatistics, factor, norm.eps);
    }

    /// <summary>Runs a <see cref="Sequential"/> of tensor-to-tensor modules (conv, BatchNorm, ReLU, pooling, dropout), its BatchNorm layers through <see cref="Apply"/>.</summary>
    /// <param name="layers">The modules, run in order.</param>
    /// <param name="input">The input (never disposed here).</param>
    /// <param name="disposeIntermediates">Dispose each intermediate result once the next module has consumed it (lower
    /// peak memory); otherwise they stay in the caller's dispose scope.</param>
    public static Tensor Sequence(Sequential layers, Tensor input, bool disposeIntermediates = false)
    {
        ArgumentNullException.ThrowIfNull(layers);
        var x = input;
        foreach (var module in layers.children())
        {
            var y = module switch
            {
                BatchNorm2d norm => Apply(norm, x),
                nn.Module<Tensor, Tensor> layer => layer.forward(x),
                _ => throw new InvalidOperationException($"Unexpected module {module.GetType().Name} in a sequence: only tensor-to-tensor modules are supported."),
            };
            if (disposeIntermediates && !ReferenceEquals(x, input) && !ReferenceEquals(x, y))
            {
                x.Dispose();
            }

            x = y;
        }

        return x;
    }
}
