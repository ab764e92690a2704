using TorchSharp;
using static TorchSharp.torch;

namespace Adapt.UniMatch.Tests.Golden;

/// <summary>The golden data's deterministic weights (golden/README.md, "DetFill"), written into a module's state dict.</summary>
internal static class ModelDetFill
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

            var shape = target.shape;
            var values = new float[target.numel()];
            double rank = t;
            if (key.EndsWith("running_var", StringComparison.Ordinal))
            {
                for (var j = 0; j < values.Length; j++)
                {
                    values[j] = (float)(1 + 0.5 * Math.Abs(Math.Sin(0.1 * rank + 0.01 * j)));
                }
            }
            else if (key.EndsWith("running_mean", StringComparison.Ordinal))
            {
                for (var j = 0; j < values.Length; j++)
                {
                    values[j] = (float)(0.1 * Math.Sin(0.3 * rank + 0.017 * j));
                }
            }
            else if (shape.Length == 1)
            {
                var isWeight = key.EndsWith("weight", StringComparison.Ordinal);
                for (var j = 0; j < values.Length; j++)
                {
                    var s = Math.Sin(0.5 * rank + 0.013 * j);
                    values[j] = (float)(isWeight ? 1 + 0.1 * s : 0.05 * s);
                }
            }
            else
            {
                var gain = Math.Sqrt(2 / ((double)values.Length / shape[0]));
                var start = 1 + 0.37 * rank;
                for (var j = 0; j < values.Length; j++)
                {
                    values[j] = (float)(Math.Sin(start + 0.011 * j) * gain);
                }
            }

            using var filled = tensor(values, shape);
            target.copy_(filled);
        }
    }
}
