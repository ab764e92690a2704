using SeCo.Sdk.Errors;
using static TorchSharp.torch;

namespace SeCo.Vision.Checkpoints;

/// <summary>
/// PyTorch's <c>torch.optim.SGD.state_dict()</c> layout:
/// <c>{"state": {index: {"momentum_buffer": tensor}}, "param_groups": [{"lr", "momentum", "dampening",
/// "weight_decay", "nesterov", "maximize", "foreach", "differentiable", …extra, "params": [indices]}]}</c>,
/// with parameter indices counted consecutively across the groups. Built for <see cref="Pth.SaveObject"/> and read
/// back from a <see cref="PthFile"/>.
/// </summary>
public static class SgdStateDict
{
    private static readonly HashSet<string> s_knownKeys = new(StringComparer.Ordinal)
    {
        "lr", "momentum", "dampening", "weight_decay", "nesterov", "maximize", "foreach", "differentiable", "fused", "params",
    };

    /// <summary>The optimiser state dict of <paramref name="groups"/> with the momentum buffers by parameter index.</summary>
    /// <param name="groups">The parameter groups in optimiser order.</param>
    /// <param name="momentumBuffers">Buffers of the parameters that have one (indices across all groups); not copied.</param>
    public static PickleDict Build(IReadOnlyList<SgdParamGroup> groups, IReadOnlyDictionary<int, Tensor> momentumBuffers)
    {
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentNullException.ThrowIfNull(momentumBuffers);

        var total = 0;
        var paramGroups = new List<object?>(groups.Count);
        foreach (var group in groups)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(group.ParameterCount);
            var entry = new PickleDict();
            entry.Set("lr", group.LearningRate);
            entry.Set("momentum", group.Momentum);
            entry.Set("dampening", group.Dampening == 0 ? 0L : (object)group.Dampening);
            entry.Set("weight_decay", group.WeightDecay);
            entry.Set("nesterov", group.Nesterov);
            entry.Set("maximize", group.Maximize);
            entry.Set("foreach", null);
            entry.Set("differentiable", false);
            foreach (var (key, value) in group.Extra)
            {
                if (s_knownKeys.Contains(key))
                {
                    throw new ArgumentException($"The extra key '{key}' is one of SGD's own.", nameof(groups));
                }

                entry.Set(key, value);
            }

            var indices = new List<object?>(group.ParameterCount);
            for (var i = 0; i < group.ParameterCount; i++)
            {
                indices.Add((long)(total + i));
            }

            entry.Set("params", indices);
            total += group.ParameterCount;
            paramGroups.Add(entry);
        }

        var state = new PickleDict();
        foreach (var index in momentumBuffers.Keys.Order())
        {
            if (index < 0 || index >= total)
            {
                throw new ArgumentException($"Momentum buffer {index} has no parameter: the groups hold {total}.", nameof(momentumBuffers));
            }

            var entry = new PickleDict();
            entry.Set("momentum_buffer", momentumBuffers[index]);
            state.Set((long)index, entry);
        }

        var result = new PickleDict();
        result.Set("state", state);
        result.Set("param_groups", paramGroups);
        return result;
    }

    /// <summary>Reads the parameter groups of the optimiser state dict stored at <paramref name="key"/>.</summary>
    /// <exception cref="SeCoInputException">The entry is missing or not an SGD state dict.</exception>
    public static IReadOnlyList<SgdParamGroup> ReadGroups(PthFile file, string key = "optimizer_state")
    {
        ArgumentNullException.ThrowIfNull(file);
        var optimizer = Entry(file, key);
        if (!optimizer.TryGetValue("param_groups", out var value) || value is not List<object?> list)
        {
            throw new SeCoInputException(file.Path, $"'{key}' has no 'param_groups' list; expected a torch.optim.SGD state_dict().");
        }

        var groups = new List<SgdParamGroup>(list.Count);
        var next = 0L;
        foreach (var item in list)
        {
            if (item is not PickleDict group || !group.TryGetValue("params", out var parameters) || parameters is not List<object?> indices)
            {
                throw new SeCoInputException(file.Path, $"A param group of '{key}' is not a dict with a 'params' list.");
            }

            foreach (var index in indices)
            {
                if (index is not long number || number != next++)
                {
                    throw new SeCoInputException(file.Path, $"The param groups of '{key}' must number their parameters 0, 1, 2, … in order; found {index ?? "None"}.");
                }
            }

            var extra = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var (name, setting) in group)
            {
                if (name is string text && !s_knownKeys.Contains(text))
                {
                    extra[text] = setting;
                }
            }

            groups.Add(new SgdParamGroup
            {
                LearningRate = Number(group, "lr", file.Path, key),
                Momentum = Number(group, "momentum", file.Path, key),
                Dampening = Number(group, "dampening", file.Path, key),
                WeightDecay = Number(group, "weight_decay", file.Path, key),
                Nesterov = Flag(group, "nesterov", file.Path, key),
                Maximize = group.TryGetValue("maximize", out var maximize) && maximize is true,
                ParameterCount = indices.Count,
                Extra = extra,
            });
        }

        return groups;
    }

    /// <summary>Loads the momentum buffers of the optimiser state dict at <paramref name="key"/>, by parameter index.</summary>
    /// <returns>The buffers the file holds (parameters without one are absent); the caller owns them.</returns>
    /// <exception cref="SeCoInputException">The entry is missing or not an SGD state dict.</exception>
    public static Dictionary<int, Tensor> ReadMomentumBuffers(PthFile file, string key = "optimizer_state", Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(file);
        var optimizer = Entry(file, key);
        if (!optimizer.TryGetValue("state", out var value) || value is not PickleDict state)
        {
            throw new SeCoInputException(file.Path, $"'{key}' has no 'state' dict; expected a torch.optim.SGD state_dict().");
        }

        var buffers = new Dictionary<int, Tensor>();
        try
        {
            foreach (var (index, entry) in state)
            {
                if (index is not long number || number is < 0 or > int.MaxValue || entry is not PickleDict fields)
                {
                    throw new SeCoInputException(file.Path, $"'{key}/state' must map parameter indices to dicts; found key {index}.");
                }

                if (!fields.TryGetValue("momentum_buffer", out var buffer) || buffer is null)
                {
                    continue;
                }

                if (buffer is not LazyTensor tensor)
                {
                    throw new SeCoInputException(file.Path, $"'{key}/state/{number}/momentum_buffer' is not a tensor.");
                }

                buffers.Add((int)number, tensor.Load(device));
            }
        }
        catch
        {
            foreach (var buffer in buffers.Values)
            {
                buffer.Dispose();
            }

            throw;
        }

        return buffers;
    }

    private static PickleDict Entry(PthFile file, string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return file[key] as PickleDict
            ?? throw new SeCoInputException(file.Path, $"The checkpoint has no optimiser state dict '{key}'.");
    }

    private static double Number(PickleDict group, string name, string path, string key) =>
        group.TryGetValue(name, out var value) && value is long or double
            ? Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture)
            : throw new SeCoInputException(path, $"A param group of '{key}' has no number '{name}'.");

    private static bool Flag(PickleDict group, string name, string path, string key) =>
        group.TryGetValue(name, out var value) && value is bool flag
            ? flag
            : throw new SeCoInputException(path, $"A param group of '{key}' has no boolean '{name}'.");
}
