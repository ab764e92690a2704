using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SeCo.Plugins.Adapt.UniMatch.Training;

/// <summary>
/// Re-estimates every batch-norm layer's running mean and variance on new images, leaving all learned weights as they
/// are (AdaBN): the statistics are reset, then each batch's are averaged in with momentum <c>1 / (k + 1)</c> — PyTorch's
/// <c>momentum=None</c>, a plain cumulative average over the batches.
/// </summary>
public static class BatchNormReestimation
{
    /// <summary>Runs <paramref name="batches"/> through <paramref name="model"/> in training mode without gradients.</summary>
    /// <param name="model">The network; left in evaluation mode.</param>
    /// <param name="batches">Input batches <c>[B, 3, H, W]</c>, produced lazily (each is disposed after its pass).</param>
    /// <returns>Number of batches seen.</returns>
    public static int Run(nn.Module<Tensor, Tensor> model, IEnumerable<Tensor> batches)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(batches);
        var norms = model.modules().OfType<BatchNorm2d>().ToList();
        foreach (var norm in norms)
        {
            norm.reset_running_stats();
        }

        var count = 0;
        model.train();
        using (no_grad())
        {
            foreach (var batch in batches)
            {
                using var scope = NewDisposeScope();
                foreach (var norm in norms)
                {
                    norm.momentum = 1.0 / (count + 1);
                }

                model.forward(batch);
                batch.Dispose();
                count++;
            }
        }

        model.eval();
        return count;
    }
}
