using SeCo.Plugins.Scc.Modeling;
using SeCo.Sdk.Errors;
using SeCo.Vision.Checkpoints;
using SeCo.Vision.Optimization;
using static TorchSharp.torch;

namespace SeCo.Plugins.Scc.Training;

/// <summary>
/// Checkpoints in <c>train_src.py</c>'s layout: <c>{"optimizer_state": SGD state_dict (momentum buffers, both
/// param groups with <c>init_lr</c>), "model_state": OrderedDict with DataParallel's <c>module.</c> prefix, "iter": it}</c>,
/// loadable by PyTorch and by <see cref="TryResume"/>, which restores weights, BN statistics, momentum buffers and the
/// iteration.
/// </summary>
public static class SccCheckpoint
{
    /// <summary>Key of the weights.</summary>
    public const string ModelKey = "model_state";

    /// <summary>Key of the optimiser state.</summary>
    public const string OptimizerKey = "optimizer_state";

    /// <summary>Key of the last finished iteration.</summary>
    public const string IterationKey = "iter";

    /// <summary>Writes the checkpoint of <paramref name="model"/> and <paramref name="optimizer"/> after <paramref name="iteration"/>, atomically.</summary>
    public static void Save(string path, MaskGatedResNet model, Sgd optimizer, int iteration)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(optimizer);
        using var scope = NewDisposeScope();
        var modelState = new PickleDict(isOrderedDict: true);
        foreach (var (name, tensor) in model.state_dict())
        {
            modelState.Set("module." + name, tensor.detach().cpu());
        }

        Pth.SaveObject(path, new Dictionary<string, object?>
        {
            [OptimizerKey] = optimizer.StateDict(group => new Dictionary<string, object?> { ["init_lr"] = group.InitialLearningRate }),
            [ModelKey] = modelState,
            [IterationKey] = iteration,
        });
    }

    /// <summary>
    /// Restores model weights and buffers, momentum buffers and learning rates from <paramref name="path"/> when it
    /// exists, and returns its iteration (0 when there is no checkpoint).
    /// </summary>
    /// <exception cref="SeCoInputException">The file is no SCC checkpoint of this configuration (depth, classes, width).</exception>
    public static int TryResume(string path, MaskGatedResNet model, Sgd optimizer)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(optimizer);
        if (!File.Exists(path))
        {
            return 0;
        }

        var device = model.parameters().First().device;
        using var file = Pth.Open(path);
        if (file[IterationKey] is not long iteration || iteration < 0 || iteration > int.MaxValue)
        {
            throw new SeCoInputException(path, $"The checkpoint has no integer '{IterationKey}'; expected train_src.py's {{optimizer_state, model_state, iter}} layout.");
        }

        var state = file.StateDict(ModelKey, stripModulePrefix: true, device: device);
        try
        {
            StateDictLoader.Load(model, state, strict: true, path);
        }
        catch (SeCoInputException e)
        {
            throw new SeCoInputException(path,
                $"{e.Message} The checkpoint was trained with other options (depth, numClasses, baseChannels); remove it or restore those options.", e);
        }
        finally
        {
            foreach (var tensor in state.Values)
            {
                tensor.Dispose();
            }
        }

        var groups = SgdStateDict.ReadGroups(file, OptimizerKey);
        if (groups.Count != optimizer.Groups.Count || groups.Where((g, i) => g.ParameterCount != optimizer.Groups[i].Parameters.Count).Any())
        {
            throw new SeCoInputException(path,
                $"The checkpoint's optimiser has groups of {string.Join("/", groups.Select(g => g.ParameterCount))} parameters; this classifier has {string.Join("/", optimizer.Groups.Select(g => g.Parameters.Count))}. Remove the checkpoint or restore the options it was trained with.");
        }

        for (var g = 0; g < groups.Count; g++)
        {
            optimizer.Groups[g].LearningRate = groups[g].LearningRate;
        }

        var buffers = SgdStateDict.ReadMomentumBuffers(file, OptimizerKey, device);
        try
        {
            foreach (var (index, buffer) in buffers)
            {
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

        return (int)iteration;
    }
}
