using System.Diagnostics;
using System.Globalization;
using TorchSharp;

namespace SeCo.Benchmarks.Adapt.UniMatch;

/// <summary>
/// A short measurement for a shared machine: one warm-up step and <c>steps</c> timed steps per backbone, then the
/// process's peak resident set (VmHWM) and the load average, printed one line per backbone.
/// </summary>
public static class QuickStepTimer
{
    /// <summary>Runs the measurement for the given backbones with <paramref name="threads"/> intra-op threads.</summary>
    /// <remarks>On a machine shared far beyond its cores, one thread avoids OpenMP barrier stalls (measured 60x slower with 2).</remarks>
    public static void Run(int steps, int threads, IReadOnlyList<string> backbones)
    {
        torch.set_num_threads(threads);
        foreach (var backbone in backbones)
        {
            var (model, optimizer, trainer) = UniMatchStepBenchmarks.Create(backbone);
            var batch = UniMatchStepBenchmarks.SyntheticBatch(seed: 0);
            trainer.Step(batch);
            var stopwatch = Stopwatch.StartNew();
            for (var i = 0; i < steps; i++)
            {
                trainer.Step(batch);
            }

            var seconds = stopwatch.Elapsed.TotalSeconds / steps;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{backbone}, {threads} thread(s): {seconds:F2} s/step ({1 / seconds:F3} it/s) over {steps} step(s); peak RSS {PeakRssMiB()} MiB; load average {LoadAverage()}"));
            optimizer.Dispose();
            model.Dispose();
        }
    }

    private static string PeakRssMiB()
    {
        const string status = "/proc/self/status";
        if (!File.Exists(status))
        {
            return (Process.GetCurrentProcess().PeakWorkingSet64 >> 20).ToString(CultureInfo.InvariantCulture);
        }

        var line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        var kib = line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        return (kib >> 10).ToString(CultureInfo.InvariantCulture);
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
