using System.Diagnostics;

namespace SeCo.Benchmarks.Measurement;

/// <summary>
/// Runs one item the way <c>shared/anchors.md</c> measured the reference: warm-up runs, then timed runs, each timed
/// run with the peak resident set reset before it; prints the row and returns the result. Run one item per process.
/// </summary>
public static class AnchorRunner
{
    /// <summary>Measures <paramref name="work"/>, which may time its own steps in the <see cref="StepTimes"/> it gets.</summary>
    /// <param name="item">The row's name.</param>
    /// <param name="work">One run of the measured work; everything it needs is already built.</param>
    /// <param name="warmups">Untimed runs first (1 like the reference).</param>
    /// <param name="runs">Timed runs (3 like the reference).</param>
    public static AnchorResult Run(string item, Action<StepTimes> work, int warmups = 1, int runs = 3)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentOutOfRangeException.ThrowIfNegative(warmups);
        ArgumentOutOfRangeException.ThrowIfLessThan(runs, 1);
        for (var i = 0; i < warmups; i++)
        {
            work(new StepTimes());
            Console.WriteLine($"{item}: warm-up {i + 1} done");
        }

        using var process = Process.GetCurrentProcess();
        var processPeak = PeakResidentSet.PeakBytes(); // model build and warm-up, before the first reset
        var load = LoadAverage.OneMinute();
        var wall = new List<double>(runs);
        var cpu = new List<double>(runs);
        var steps = new List<StepTimes>(runs);
        long peak = -1;
        for (var i = 0; i < runs; i++)
        {
            GC.Collect(); // not for tensors (those are disposed): keeps managed garbage of the previous run out of this run's peak.
            GC.WaitForPendingFinalizers();
            PeakResidentSet.Reset();
            process.Refresh();
            var cpuBefore = process.TotalProcessorTime;
            var times = new StepTimes();
            var stopwatch = Stopwatch.StartNew();
            work(times);
            stopwatch.Stop();
            process.Refresh();
            wall.Add(stopwatch.Elapsed.TotalSeconds);
            cpu.Add((process.TotalProcessorTime - cpuBefore).TotalSeconds);
            steps.Add(times);
            peak = Math.Max(peak, PeakResidentSet.PeakBytes());
            Console.WriteLine($"{item}: run {i + 1}: {wall[^1]:F2} s, {cpu[^1]:F1} s CPU, load {LoadAverage.OneMinute():F2}");
        }

        PeakResidentSet.Reset();
        var result = new AnchorResult(item, wall, cpu, peak, Math.Max(processPeak, peak), load, warmups, steps);
        Console.WriteLine(result.ToMarkdownRow());
        result.WriteJsonIfAsked();
        return result;
    }
}
