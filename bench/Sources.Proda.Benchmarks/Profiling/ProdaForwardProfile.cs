using System.Diagnostics;
using System.Globalization;
using SeCo.Plugins.Sources.Proda.Modeling;
using TorchSharp;
using static TorchSharp.torch;

namespace SeCo.Benchmarks.Sources.Proda.Profiling;

/// <summary>
/// One warm-up and one timed eval forward of the full-size network for 1x3x512x1024, with process CPU time and
/// wall time per stage (stem, layer1–4, layer5 = ASPP + SE + head), walking the model's children in ProDA's order.
/// The same stages are timed by the torch 1.13 script the README names, so the two can be compared on a loaded
/// machine by CPU time.
/// </summary>
public static class ProdaForwardProfile
{
    /// <summary>Runs the profile and writes the per-stage and total times to the console.</summary>
    /// <param name="threads">Intra-op threads.</param>
    public static void Run(int threads)
    {
        set_num_threads(threads);
        using var model = new ProdaDeepLabV2(classes: 19);
        model.eval();
        var children = model.named_children().ToDictionary(c => c.name, c => c.module);
        using var input = rand(1, 3, 512, 1024);
        using var noGrad = no_grad();
        string report = string.Empty;
        for (var run = 0; run < 2; run++)
        {
            using var scope = NewDisposeScope();
            var laps = new List<string>();
            var process = Process.GetCurrentProcess();
            process.Refresh();
            var (cpuStart, wallStart) = (process.TotalProcessorTime, Stopwatch.GetTimestamp());
            var y = Lap(laps, "stem", () => ((nn.Module<Tensor, Tensor>)children["maxpool"]).forward(
                ((nn.Module<Tensor, Tensor>)children["bn1"]).forward(((nn.Module<Tensor, Tensor>)children["conv1"]).forward(input)).relu_()));
            foreach (var name in (string[])["layer1", "layer2", "layer3", "layer4"])
            {
                var x = y;
                y = Lap(laps, name, () => ((nn.Module<Tensor, Tensor>)children[name]).forward(x));
            }

            var features = y;
            Lap(laps, "layer5", () => ((nn.Module<Tensor, (Tensor Feat, Tensor Out)>)children["layer5"]).forward(features).Out);
            process.Refresh();
            var cpu = (process.TotalProcessorTime - cpuStart).TotalSeconds;
            var wall = Stopwatch.GetElapsedTime(wallStart).TotalSeconds;
            report = string.Create(CultureInfo.InvariantCulture,
                $"{string.Join(' ', laps)} | forward CPU {cpu:F2} s wall {wall:F2} s threads {get_num_threads()}");
        }

        Console.WriteLine(report);
    }

    private static Tensor Lap(List<string> laps, string name, Func<Tensor> stage)
    {
        var process = Process.GetCurrentProcess();
        var start = process.TotalProcessorTime;
        var result = stage();
        process.Refresh();
        laps.Add(string.Create(CultureInfo.InvariantCulture, $"{name}={(process.TotalProcessorTime - start).TotalSeconds:F2}"));
        return result;
    }
}
