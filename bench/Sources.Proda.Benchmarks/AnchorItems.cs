using SeCo.Benchmarks.Measurement;
using SeCo.Plugins.Sources.Proda.Modeling;
using TorchSharp;
using static TorchSharp.torch;

namespace SeCo.Benchmarks.Sources.Proda;

/// <summary>
/// Row 8 of <c>shared/anchors.md</c> (ProDA DeepLabV2-R101 eval forward, no grad, 1×3×512×1024) measured with the
/// anchors' method (<see cref="AnchorRunner"/>): fresh process, 1 warm-up, 3 timed runs, 2 torch threads.
/// <c>dotnet run -c Release --project bench/Sources.Proda.Benchmarks -- anchors deeplabv2</c>.
/// </summary>
internal static class AnchorItems
{
    /// <summary>Item names and what they measure.</summary>
    public static readonly IReadOnlyDictionary<string, string> Descriptions = new Dictionary<string, string>
    {
        ["deeplabv2"] = "8: DeepLabV2-R101 eval forward, no grad, 1×3×512×1024 (default initialisation: weights do not change the cost)",
    };

    /// <summary>Runs <paramref name="item"/>; returns false for an unknown name.</summary>
    public static bool Run(string item)
    {
        if (item != "deeplabv2")
        {
            return false;
        }

        torch.set_num_threads(2);
        torch.manual_seed(0);
        using var model = new ProdaDeepLabV2(classes: 19);
        model.eval();
        using var input = rand(1, 3, 512, 1024);
        AnchorRunner.Run(item, times =>
        {
            using var noGrad = no_grad();
            using var scope = NewDisposeScope();
            _ = model.forward(input);
        });
        return true;
    }
}
