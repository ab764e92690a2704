using SeCo.Benchmarks.Measurement;
using TorchSharp;
using static TorchSharp.torch;

namespace SeCo.Benchmarks.Adapt.UniMatch;

/// <summary>
/// Rows 9a / 9b of <c>shared/anchors.md</c> (UniMatch training step and eval forward, DeepLabV3+-R101, 321×321)
/// measured with the anchors' method (<see cref="AnchorRunner"/>): fresh process, 1 warm-up, 3 timed runs, 2 torch
/// threads. <c>dotnet run -c Release --project bench/Adapt.UniMatch.Benchmarks -- anchors unimatch-step</c>.
/// </summary>
internal static class AnchorItems
{
    /// <summary>Item names and what they measure.</summary>
    public static readonly IReadOnlyDictionary<string, string> Descriptions = new Dictionary<string, string>
    {
        ["unimatch-step"] = "9a: one training step (1 labelled + 1 unlabelled, 321×321), DeepLabV3+-R101, prepared batch",
        ["unimatch-forward"] = "9b: DeepLabV3+-R101 eval forward, no grad, 1×3×321×321",
    };

    /// <summary>Runs <paramref name="item"/>; returns false for an unknown name.</summary>
    public static bool Run(string item)
    {
        if (!Descriptions.ContainsKey(item))
        {
            return false;
        }

        torch.set_num_threads(2);
        var (model, optimizer, trainer) = UniMatchStepBenchmarks.Create("resnet101");
        using (model)
        using (optimizer)
        {
            if (item == "unimatch-step")
            {
                var batch = UniMatchStepBenchmarks.SyntheticBatch(seed: 0);
                AnchorRunner.Run(item, _ => trainer.Step(batch));
            }
            else
            {
                model.eval();
                using var input = randn(1, 3, UniMatchStepBenchmarks.Crop, UniMatchStepBenchmarks.Crop);
                AnchorRunner.Run(item, times =>
                {
                    using var noGrad = no_grad();
                    using var scope = NewDisposeScope();
                    _ = model.forward(input);
                });
            }
        }

        return true;
    }
}
