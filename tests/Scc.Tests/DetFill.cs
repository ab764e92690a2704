using TorchSharp;
using static TorchSharp.torch;

namespace Scc.Tests;

/// <summary>The golden data's deterministic weights (shared/golden/README.md "DetFill").</summary>
internal static class DetFill
{
    public static void Apply(nn.Module module)
    {
        using var _ = no_grad();
        var state = module.state_dict();
        var keys = state.Keys.OrderBy(k => k, StringComparer.Ordinal).ToArray();
        for (var t = 0; t < keys.Length; t++)
        {
            var key = keys[t];
            var target = state[key];
            var count = (int)target.numel();
            if (key.EndsWith("num_batches_tracked", StringComparison.Ordinal))
            {
                target.zero_();
                continue;
            }

            var values = new float[count];
            var fanIn = target.dim() >= 2 ? (double)target.numel() / target.shape[0] : 0;
            for (var j = 0; j < count; j++)
            {
                double v;
                if (key.EndsWith("running_var", StringComparison.Ordinal))
                {
                    v = 1 + 0.5 * Math.Abs(Math.Sin(0.1 * t + 0.01 * j));
                }
                else if (key.EndsWith("running_mean", StringComparison.Ordinal))
                {
                    v = 0.1 * Math.Sin(0.3 * t + 0.017 * j);
                }
                else if (target.dim() == 1)
                {
                    v = key.EndsWith("weight", StringComparison.Ordinal)
                        ? 1 + 0.1 * Math.Sin(0.5 * t + 0.013 * j)
                        : 0.05 * Math.Sin(0.5 * t + 0.013 * j);
                }
                else
                {
                    v = Math.Sin(1 + 0.37 * t + 0.011 * j) * Math.Sqrt(2 / fanIn);
                }

                values[j] = (float)v;
            }

            using var source = tensor(values).reshape(target.shape);
            target.copy_(source);
        }
    }
}
