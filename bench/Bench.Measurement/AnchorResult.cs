using System.Globalization;
using System.Text;
using System.Text.Json;
using SeCo.Sdk.IO;

namespace SeCo.Benchmarks.Measurement;

/// <summary>One measured item: wall and CPU seconds per timed run, the peak resident set, the load before it.</summary>
/// <param name="Item">What was measured (printed as the row's first column).</param>
/// <param name="WallSeconds">Wall seconds of each timed run.</param>
/// <param name="CpuSeconds">Process CPU seconds (user + system, all threads) of each timed run.</param>
/// <param name="PeakBytes">The largest resident high-water mark over the timed runs (model included).</param>
/// <param name="ProcessPeakBytes">The process's resident high-water mark since start (model build included).</param>
/// <param name="LoadBefore">The 1-minute load average just before the first timed run.</param>
/// <param name="Warmups">Untimed runs before the timed ones.</param>
/// <param name="Steps">Per-run step times, when the work reported any.</param>
public sealed record AnchorResult(
    string Item,
    IReadOnlyList<double> WallSeconds,
    IReadOnlyList<double> CpuSeconds,
    long PeakBytes,
    long ProcessPeakBytes,
    double LoadBefore,
    int Warmups,
    IReadOnlyList<StepTimes> Steps)
{
    /// <summary>Median wall seconds.</summary>
    public double MedianSeconds => Median(WallSeconds);

    /// <summary>A markdown table row in the anchors' layout: item, median (min–max), CPU, peak RSS, runs+warm-ups (load), split.</summary>
    public string ToMarkdownRow()
    {
        var c = CultureInfo.InvariantCulture;
        var row = new StringBuilder();
        row.Append(c, $"| {Item} | {MedianSeconds:F2} s ({WallSeconds.Min():F2}–{WallSeconds.Max():F2}) | {Median(CpuSeconds):F1} s CPU | ");
        row.Append(PeakBytes < 0 ? "n/a" : string.Create(c, $"{PeakBytes / 1e9:F2} GB"));
        if (ProcessPeakBytes > PeakBytes)
        {
            row.Append(c, $" ({ProcessPeakBytes / 1e9:F2})");
        }

        row.Append(c, $" | {WallSeconds.Count}+{Warmups} ({LoadBefore:F2}) | {SplitText()} |");
        return row.ToString();
    }

    /// <summary>The environment variable naming the file <see cref="WriteJsonIfAsked"/> writes (set by <c>bench/run-anchors</c>).</summary>
    public const string JsonFileVariable = "SECO_ANCHOR_JSON";

    /// <summary>
    /// Writes the result as JSON (item, wall and CPU seconds, median, peaks, load, warm-ups, split) to the file named by
    /// <see cref="JsonFileVariable"/>, atomically; does nothing when the variable is not set.
    /// </summary>
    public void WriteJsonIfAsked()
    {
        var path = Environment.GetEnvironmentVariable(JsonFileVariable);
        if (string.IsNullOrEmpty(path))
        {
            return;
        }

        var json = JsonSerializer.Serialize(new
        {
            item = Item,
            wallSeconds = WallSeconds,
            cpuSeconds = CpuSeconds,
            medianSeconds = MedianSeconds,
            peakBytes = PeakBytes,
            processPeakBytes = ProcessPeakBytes,
            loadBefore = LoadBefore,
            warmups = Warmups,
            split = SplitText(),
        });
        AtomicFile.WriteAllText(path, json);
    }

    /// <summary>The median of each step over the runs, e.g. <c>encode 10.1, masks 20.3</c>.</summary>
    public string SplitText()
    {
        if (Steps.Count == 0 || Steps[0].Steps.Count == 0)
        {
            return "";
        }

        var parts = new List<string>();
        foreach (var step in Steps[0].Steps)
        {
            var values = new double[Steps.Count];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = Steps[i][step];
            }

            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{step} {Median(values):F2}"));
        }

        return string.Join(", ", parts);
    }

    private static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
