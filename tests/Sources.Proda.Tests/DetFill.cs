using TorchSharp;
using static TorchSharp.torch;

namespace Sources.Proda.Tests;

/// <summary>The golden data's deterministic weights (golden/README.md, "DetFill"), written into a module's state dict.</summary>
internal static class DetFill
{
    public static void Fill(nn.Module module)
    {
        var state = module.state_dict();
        var keys = state.Keys.ToArray();
        Array.Sort(keys, StringComparer.Ordinal);
        using var noGrad = no_grad();
        for (var t = 0; t < keys.Length; t++)
        {
            var key = keys[t];
            var target = state[key];
            if (key.EndsWith("num_batches_tracked", StringComparison.Ordinal))
            {
                target.zero_();
                continue;
            }

            var numel = (int)target.numel();
            var values = new float[numel];
            if (key.EndsWith("running_var", StringComparison.Ordinal))
            {
                for (var j = 0; j < numel; j++)
                {
                    values[j] = (float)(1 + 0.5 * Math.Abs(Math.Sin(0.1 * t + 0.01 * j)));
                }
            }
            else if (key.EndsWith("running_mean", StringComparison.Ordinal))
            {
                for (var j = 0; j < numel; j++)
                {
                    values[j] = (float)(0.1 * Math.Sin(0.3 * t + 0.017 * j));
                }
            }
            else if (target.dim() == 1)
            {
                var isWeight = key.EndsWith("weight", StringComparison.Ordinal);
                for (var j = 0; j < numel; j++)
                {
                    values[j] = isWeight
                        ? (float)(1 + 0.1 * Math.Sin(0.5 * t + 0.013 * j))
                        : (float)(0.05 * Math.Sin(0.5 * t + 0.013 * j));
                }
            }
            else
            {
                var fanIn = numel / target.shape[0];
                var scale = Math.Sqrt(2.0 / fanIn);
                for (var j = 0; j < numel; j++)
                {
                    values[j] = (float)(Math.Sin(1 + 0.37 * t + 0.011 * j) * scale);
                }
            }

            using var source = tensor(values, target.shape, ScalarType.Float32);
            target.copy_(source);
        }
    }
}
