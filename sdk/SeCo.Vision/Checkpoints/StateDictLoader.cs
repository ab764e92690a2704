using SeCo.Sdk.Errors;
using TorchSharp;
using static TorchSharp.torch;

namespace SeCo.Vision.Checkpoints;

/// <summary>
/// Copies a state dict into a TorchSharp module's parameters and persistent buffers by name, converting
/// to each parameter's device and dtype, and reports missing keys, unexpected keys and shape mismatches by name.
/// </summary>
public static class StateDictLoader
{
    /// <summary>Loads <paramref name="state"/> into <paramref name="module"/>.</summary>
    /// <param name="module">The module; its parameter names must be the checkpoint's keys.</param>
    /// <param name="state">The tensors by key (e.g. from <see cref="Pth.Load"/> or <see cref="SafeTensors.Load"/>).</param>
    /// <param name="strict">When true, any missing key, unexpected key or shape mismatch throws and nothing is copied.
    /// When false, every matching key is copied and the problems are only reported.</param>
    /// <param name="source">The checkpoint file, named in the error.</param>
    /// <returns>What was loaded and what did not fit.</returns>
    /// <exception cref="SeCoInputException">In strict mode, when the keys or shapes do not match; lists them all.</exception>
    public static StateDictLoadResult Load(nn.Module module, IReadOnlyDictionary<string, Tensor> state, bool strict, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(state);

        var targets = module.state_dict();
        var matched = new List<(string Name, Tensor Target, Tensor Source)>();
        var missing = new List<string>();
        var mismatches = new List<ShapeMismatch>();
        foreach (var (name, target) in targets)
        {
            if (!state.TryGetValue(name, out var value))
            {
                missing.Add(name);
                continue;
            }

            if (!target.shape.AsSpan().SequenceEqual(value.shape))
            {
                mismatches.Add(new ShapeMismatch(name, target.shape, value.shape));
                continue;
            }

            matched.Add((name, target, value));
        }

        var unexpected = new List<string>();
        foreach (var name in state.Keys)
        {
            if (!targets.ContainsKey(name))
            {
                unexpected.Add(name);
            }
        }

        var result = new StateDictLoadResult(matched.ConvertAll(m => m.Name), missing, unexpected, mismatches);
        if (strict && !result.IsExactMatch)
        {
            throw new SeCoInputException(
                new InputLocation(File: source, Item: module.GetName()),
                $"The checkpoint does not fit the module {module.GetName()}; nothing was loaded:{Environment.NewLine}{result.Describe()}");
        }

        using (torch.no_grad())
        {
            foreach (var (_, target, value) in matched)
            {
                target.copy_(value);
            }
        }

        return result;
    }
}
