using System.Globalization;
using System.Text;

namespace SeCo.Bench.Daemon;

/// <summary>What one load test measured.</summary>
internal sealed record LoadTestResult
{
    public required LatencySummary Submit { get; init; }

    public required LatencySummary SubmitToFinished { get; init; }

    public required TimeSpan Wall { get; init; }

    public required long Events { get; init; }

    /// <summary>Final states as the event streams reported them, with counts.</summary>
    public required IReadOnlyDictionary<string, int> States { get; init; }

    /// <summary>Runs submitted but not listed by the daemon in the state their stream reported.</summary>
    public required int Lost { get; init; }

    public required long RssBeforeBytes { get; init; }

    public required long RssPeakBytes { get; init; }

    public required long RssAfterBytes { get; init; }

    public bool AllSucceeded(int runs) => Lost == 0 && States.TryGetValue("succeeded", out var ok) && ok == runs;

    public string Describe(LoadTestOptions options, string loadBefore, string loadAfter)
    {
        var text = new StringBuilder();
        var culture = CultureInfo.InvariantCulture;
        text.AppendLine(culture, $"seco serve load test: {options.Runs} runs, {options.Streams} concurrent event streams, --max-concurrent-runs {options.MaxConcurrentRuns}, {options.Items} items per run ({Environment.ProcessorCount} cores)");
        text.AppendLine(culture, $"  submit (POST /v1/runs → 202):        {Submit}");
        text.AppendLine(culture, $"  submit → run.finished seen on SSE:   {SubmitToFinished}");
        text.AppendLine(culture, $"  throughput:                          {SubmitToFinished.Count / Wall.TotalSeconds:0.0} runs/s ({Wall.TotalSeconds:0.0} s wall, {Events} events streamed)");
        text.AppendLine(culture, $"  daemon RSS:                          before {Mib(RssBeforeBytes)}, peak {Mib(RssPeakBytes)}, after {Mib(RssAfterBytes)}");
        text.AppendLine(culture, $"  final states:                        {string.Join(", ", States.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key} {s.Value}"))}; lost {Lost}");
        text.AppendLine(culture, $"  load average (1/5/15 min):           before {loadBefore}, after {loadAfter}");
        return text.ToString();
    }

    private static string Mib(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024.0):0} MiB");
}
