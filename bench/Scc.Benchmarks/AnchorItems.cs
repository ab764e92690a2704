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
        ["scc-r18-split"] = "7a split into forward / loss and backward / optimiser step (profiling; SECO_PROFILE_THREADS sets the torch threads)",
        ["scc-r101-split"] = "7b split the same way",
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
            Console.WriteLine($"{item}: {regions.Fingerprint()}");
            return true;
        }

        var split = item.EndsWith("-split", StringComparison.Ordinal);
        var depth = item switch
        {
            "scc-r18" or "scc-r18-split" => 18,
            "scc-r101" or "scc-r101-split" => 101,
            _ => 0,
        };
        if (depth == 0)
        {
            return false;
        }

        torch.set_num_threads(int.TryParse(Environment.GetEnvironmentVariable("SECO_PROFILE_THREADS"), out var threads) ? threads : 2);
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
        if (!split)
        {
            AnchorRunner.Run(item, _ => trainer.Step(++iteration, images, masks, labels));
            return true;
        }

        // The body of RegionClassifierTrainer.Step in its phases (learning-rate decay left out: it is arithmetic on two
        // doubles), so that the split can be set beside torch.profiler's table of scc_step.py.
        AnchorRunner.Run(item, times =>
        {
            using var scope = NewDisposeScope();
            model.train();
            trainer.Optimizer.ZeroGrad();
            var loss = times.Time("forward", () =>
            {
                var logits = model.forward(images, masks);
                return SmoothCrossEntropy.Loss(logits, SmoothCrossEntropy.Targets(labels, model.NumClasses, trainer.LabelSmoothing));
            });
            times.Time("backward", () => loss.backward());
            times.Time("step", trainer.Optimizer.Step);
        });
        return true;
    }
}
