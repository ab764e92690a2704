using SeCo.Plugins.Adapt.UniMatch.Modeling;
using SeCo.Sdk.Errors;
using SeCo.Vision.Checkpoints;
using SeCo.Vision.Optimization;
using static TorchSharp.torch;

namespace SeCo.Plugins.Adapt.UniMatch.Training;

/// <summary>
/// UniMatch's training checkpoint (<c>latest.pth</c>, <c>best.pth</c>): <c>{"model": state dict with DDP's
/// "module." prefix, "optimizer": torch.optim.SGD state dict, "epoch", "previous_best"}</c>, plus <c>"iters"</c>
/// (iterations completed; UniMatch ignores it) so a run stopped mid-epoch resumes at the next iteration.
/// </summary>
public static class UniMatchCheckpoint
{
    /// <summary>The key of the optimiser state.</summary>
    public const string OptimizerKey = "optimizer";

    /// <summary>The extra key holding the completed iterations.</summary>
    public const string IterationsKey = "iters";

    /// <summary>Writes the checkpoint atomically (PyTorch zip format, loadable by <c>torch.load</c>).</summary>
    public static void Save(string path, DeepLabV3Plus model, Sgd optimizer, TrainingState state)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(optimizer);
        using var scope = NewDisposeScope();
        var weights = new PickleDict(isOrderedDict: true);
        foreach (var (key, value) in model.state_dict())
        {
            weights.Set("module." + key, value.detach().cpu());
        }

        var root = new PickleDict();
        root.Set(DeepLabV3PlusCheckpoint.ModelKey, weights);
        root.Set(OptimizerKey, optimizer.StateDict());
        root.Set("epoch", (long)state.Epoch);
        root.Set("previous_best", state.PreviousBest);
        root.Set(IterationsKey, state.Iterations);
        Pth.SaveObject(path, root);
    }

    /// <summary>Restores model weights, momentum buffers and the training state from a checkpoint.</summary>
    /// <exception cref="SeCoInputException">The file does not hold a UniMatch checkpoint of this model.</exception>
    public static TrainingState Load(string path, DeepLabV3Plus model, Sgd optimizer)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(optimizer);
        DeepLabV3PlusCheckpoint.LoadUniMatch(model, path);
        using var file = Pth.Open(path);
        if (file[OptimizerKey] is not PickleDict)
        {
            throw new SeCoInputException(path, "The checkpoint has no 'optimizer' entry; expected a UniMatch latest.pth to resume from.");
        }

        var device = model.parameters().First().device;
        var buffers = SgdStateDict.ReadMomentumBuffers(file, OptimizerKey, device);
        try
        {
            foreach (var (index, buffer) in buffers)
            {
                if (index < 0 || index >= optimizer.ParameterCount)
                {
                    throw new SeCoInputException(path, $"The optimiser state names parameter {index}; the model has {optimizer.ParameterCount}.");
                }

                optimizer.SetMomentumBuffer(index, buffer);
            }
        }
        finally
        {
            foreach (var buffer in buffers.Values)
            {
                buffer.Dispose();
            }
        }

        var epoch = ToLong(file["epoch"], path, "epoch");
        var best = file["previous_best"] switch
        {
            double d => d,
            long l => l,
            int i => i,
            _ => 0.0,
        };
        var iterations = file[IterationsKey] is null ? -1 : ToLong(file[IterationsKey], path, IterationsKey);
        return new TrainingState(iterations, (int)epoch, best);
    }

    private static long ToLong(object? value, string path, string key) => value switch
    {
        long l => l,
        int i => i,
        _ => throw new SeCoInputException(path, $"The checkpoint's '{key}' is not an integer; expected a UniMatch checkpoint."),
    };
}
