using SeCo.Benchmarks.Measurement;
using SeCo.Plugins.Scc.Modeling;
using SeCo.Plugins.Scc.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace SeCo.Benchmarks.Scc;

/// <summary>
/// Rows 7a / 7b of <c>shared/anchors.md</c> (SCC training iteration, batch 8, 3×256×512, ResNet-18 / ResNet-101) and 5a (regions)
/// measured with the anchors' method (<see cref="AnchorRunner"/>): fresh process, 1 warm-up, 3 timed runs, peak
/// resident set of the measured work with the model and optimiser resident; 2 torch threads.
/// Run one item per process: <c>dotnet run -c Release --project bench/Scc.Benchmarks -- anchors &lt;item&gt;</c>.
/// </summary>
internal static class AnchorItems
{
    /// <summary>Item names and what they measure.</summary>
    public static readonly IReadOnlyDictionary<string, string> Descriptions = new Dictionary<string, string>
    {
        ["scc-r18"] = "7a: one training iteration, ResNet-18 (3×3 stride-1 stem, no max-pool), batch 8, 3×256×512",
        ["scc-r101"] = "7b: the same with ResNet-101",
        ["regions"] = "5a: regions, statistics, RLE and JSON of one 1024×2048 pseudo-label with ground truth, PNG decoding included",
    };

    /// <summary>Runs <paramref name="item"/>; returns false for an unknown name.</summary>
    public static bool Run(string item)
    {
        if (item == "regions")
        {
            var regions = new RegionExtractionBenchmarks();
            regions.Setup();
            AnchorRunner.Run(item, times =>
            {
                times.Time("decode", () => regions.DecodePngs_1024x2048());
                times.Time("extract", () => regions.Extract_1024x2048());
            });
            return true;
        }

        var depth = item switch
        {
            "scc-r18" => 18,
            "scc-r101" => 101,
            _ => 0,
        };
        if (depth == 0)
        {
            return false;
        }

        torch.set_num_threads(2);
        torch.manual_seed(0);
        using var model = new MaskGatedResNet(depth, numClasses: 19);
        using var trainer = new RegionClassifierTrainer(model, totalIterations: 1000);
        using var images = randn(8, 3, 256, 512);
        using var masks = zeros(8, 1, 256, 512, ScalarType.Byte);
        using (var inside = ones(1, ScalarType.Byte))
        {
            masks[.., .., TensorIndex.Slice(64, 192), TensorIndex.Slice(128, 384)] = inside;
        }

        using var labels = arange(8, ScalarType.Int64);
        var iteration = 0;
        AnchorRunner.Run(item, _ => trainer.Step(++iteration, images, masks, labels));
        return true;
    }
}
