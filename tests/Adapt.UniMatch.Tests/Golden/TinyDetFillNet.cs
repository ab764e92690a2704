using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Adapt.UniMatch.Tests.Golden;

/// <summary>
/// The golden sliding-window model: <c>nn.Sequential(Conv2d(3,8,3,padding=1), ReLU(), Conv2d(8,19,3,padding=1))</c>
/// with DetFill weights (keys <c>0.weight</c>, <c>0.bias</c>, <c>2.weight</c>, <c>2.bias</c>).
/// </summary>
internal static class TinyDetFillNet
{
    /// <summary>Builds the net with its parameters filled by DetFill.</summary>
    public static Sequential Create()
    {
        var net = nn.Sequential(
            ("0", nn.Conv2d(3, 8, 3, padding: 1)),
            ("1", nn.ReLU()),
            ("2", nn.Conv2d(8, 19, 3, padding: 1)));
        using var noGrad = no_grad();
        foreach (var (name, parameter) in net.named_parameters())
        {
            parameter.copy_(DetFill(name, parameter.shape, SortedIndex(name)));
        }

        return net;
    }

    /// <summary>The DetFill value of a parameter (golden README, DetFill section); only conv weights and biases occur here.</summary>
    public static Tensor DetFill(string key, long[] shape, int t)
    {
        var numel = shape.Aggregate(1L, (a, b) => a * b);
        var values = new float[numel];
        for (var j = 0; j < numel; j++)
        {
            double value;
            if (shape.Length == 1)
            {
                value = key.EndsWith("weight", StringComparison.Ordinal)
                    ? 1 + 0.1 * Math.Sin(0.5 * t + 0.013 * j)
                    : 0.05 * Math.Sin(0.5 * t + 0.013 * j);
            }
            else
            {
                var fanIn = (double)numel / shape[0];
                value = Math.Sin(1 + 0.37 * t + 0.011 * j) * Math.Sqrt(2 / fanIn);
            }

            values[j] = (float)value;
        }

        return tensor(values, shape);
    }

    private static int SortedIndex(string key)
    {
        string[] keys = ["0.weight", "0.bias", "2.weight", "2.bias"];
        return keys.Order(StringComparer.Ordinal).ToList().IndexOf(key);
    }
}
