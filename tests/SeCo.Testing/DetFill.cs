using TorchSharp;
using static TorchSharp.torch;

namespace SeCo.Testing;

/// <summary>
/// The golden data's deterministic weights ("DetFill", <c>tests/golden/README.md</c>): every state-dict tensor is a
/// closed-form function of its key's rank in ordinal key order and of its flat element index, so full-size networks
/// can be compared with a reference implementation without shipping weights. Values are computed in float64, left
/// to right as the rule is written, then cast to the tensor's dtype.
/// </summary>
/// <remarks>
/// Every DetFill matrix has rank 2, so a DetFill network is degenerate (nearly constant outputs): compare embeddings
/// and logits with it, not thresholded, mask-level behaviour.
/// </remarks>
public static class DetFill
{
    /// <summary>
    /// Fills every parameter and persistent buffer of <paramref name="module"/> (its <c>state_dict()</c>) in place;
    /// tensors on the meta device are skipped.
    /// </summary>
    /// <param name="module">The module whose state dict is filled.</param>
    public static void Apply(nn.Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        using var noGrad = no_grad();
        var state = module.state_dict();
        var keys = state.Keys.ToArray();
        Array.Sort(keys, StringComparer.Ordinal);
        for (var t = 0; t < keys.Length; t++)
        {
            var target = state[keys[t]];
            if (target.device_type == DeviceType.META)
            {
                continue;
            }

            using var scope = NewDisposeScope();
            if (target.dtype == float32)
            {
                var values = Values(keys[t], t, target.shape);
                target.copy_(tensor(values).view(target.shape));
            }
            else
            {
                var values = ValuesFloat64(keys[t], t, target.shape);
                target.copy_(tensor(values).view(target.shape).to(target.dtype));
            }
        }
    }

    /// <summary>The float32 values of one DetFill tensor.</summary>
    /// <param name="key">The state-dict key (its suffix selects the formula).</param>
    /// <param name="rank">The key's 0-based index among all keys in ordinal order (<c>t</c>).</param>
    /// <param name="shape">The tensor's shape.</param>
    /// <returns>The values in C (row-major) order, each the float64 value rounded to float32.</returns>
    public static float[] Values(string key, int rank, ReadOnlySpan<long> shape)
    {
        var values64 = ValuesFloat64(key, rank, shape);
        var values = new float[values64.Length];
        for (var j = 0; j < values.Length; j++)
        {
            values[j] = (float)values64[j];
        }

        return values;
    }

    /// <summary>The float64 values (before the cast to the tensor's dtype) of one DetFill tensor.</summary>
    /// <param name="key">The state-dict key (its suffix selects the formula).</param>
    /// <param name="rank">The key's 0-based index among all keys in ordinal order (<c>t</c>).</param>
    /// <param name="shape">The tensor's shape.</param>
    /// <returns>The values in C (row-major) order.</returns>
    public static double[] ValuesFloat64(string key, int rank, ReadOnlySpan<long> shape)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentOutOfRangeException.ThrowIfNegative(rank);
        long numel = 1;
        foreach (var dim in shape)
        {
            numel *= dim;
        }

        var values = new double[numel];
        double t = rank;
        if (key.EndsWith("num_batches_tracked", StringComparison.Ordinal))
        {
            return values;
        }

        if (key.EndsWith("running_var", StringComparison.Ordinal))
        {
            for (var j = 0; j < values.Length; j++)
            {
                values[j] = 1 + 0.5 * Math.Abs(Math.Sin(0.1 * t + 0.01 * j));
            }
        }
        else if (key.EndsWith("running_mean", StringComparison.Ordinal))
        {
            for (var j = 0; j < values.Length; j++)
            {
                values[j] = 0.1 * Math.Sin(0.3 * t + 0.017 * j);
            }
        }
        else if (shape.Length == 1)
        {
            var isWeight = key.EndsWith("weight", StringComparison.Ordinal);
            for (var j = 0; j < values.Length; j++)
            {
                var s = Math.Sin(0.5 * t + 0.013 * j);
                values[j] = isWeight ? 1 + 0.1 * s : 0.05 * s;
            }
        }
        else
        {
            var fanIn = (double)numel / shape[0];
            var gain = Math.Sqrt(2 / fanIn);
            var start = 1 + 0.37 * t;
            for (var j = 0; j < values.Length; j++)
            {
                values[j] = Math.Sin(start + 0.011 * j) * gain;
            }
        }

        return values;
    }
}
