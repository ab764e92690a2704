using System.Diagnostics;
using SeCo.Host.Running;

namespace SeCo.Host.Cli;

/// <summary>
/// Progress as plain lines for logs and pipes (<c>[stage] 12/24 phase</c>), at most one progress line per
/// stage per <see cref="Interval"/>; starts and ends are always written.
/// </summary>
internal sealed class LogLineProgressView(TextWriter output, Func<long>? timestamp = null) : IRunObserver
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private readonly Dictionary<string, long> _lastLine = new(StringComparer.Ordinal);
    private readonly Func<long> _timestamp = timestamp ?? Stopwatch.GetTimestamp;
    private readonly Lock _lock = new();

    public void StageCached(string stageId) => Write($"[{stageId}] cached");

    public void StageStarted(string stageId, string use) => Write($"[{stageId}] started ({use})");

    public void StageProgress(string stageId, long done, long total, string? phase)
    {
        lock (_lock)
        {
            var now = _timestamp();
            if (_lastLine.TryGetValue(stageId, out var last) && now - last < Interval.TotalSeconds * Stopwatch.Frequency)
            {
                return;
            }

            _lastLine[stageId] = now;
            output.WriteLine(phase is null ? $"[{stageId}] {done}/{total}" : $"[{stageId}] {done}/{total} {phase}");
        }
    }

    public void StageFinished(string stageId, StageRunState state, TimeSpan elapsed, Exception? error) => Write(state switch
    {
        StageRunState.Succeeded => $"[{stageId}] done in {elapsed.TotalSeconds:0.0} s",
        StageRunState.Failed => $"[{stageId}] failed after {elapsed.TotalSeconds:0.0} s",
        StageRunState.Cancelled => $"[{stageId}] cancelled",
        StageRunState.Skipped => $"[{stageId}] skipped (an input stage failed)",
        _ => $"[{stageId}] {state}",
    });

    private void Write(string line)
    {
        lock (_lock)
        {
            output.WriteLine(line);
        }
    }
}
