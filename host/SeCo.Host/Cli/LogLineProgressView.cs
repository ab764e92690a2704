using SeCo.Host.Running;

namespace SeCo.Host.Cli;

/// <summary>
/// Progress as plain lines for logs and pipes (<c>[stage] 12/24 phase</c>): no redraws, one line when a stage
/// starts or ends and one each time a phase crosses another <see cref="StepPercent"/> % of its items.
/// </summary>
internal sealed class LogLineProgressView(TextWriter output) : IRunObserver
{
    /// <summary>A progress line is written at every multiple of this share of a phase's items (25, 50, 75, 100 %).</summary>
    public const int StepPercent = 25;

    private readonly Dictionary<string, (string? Phase, long Step)> _lastLine = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public void StageCached(string stageId) => Write($"[{stageId}] cached");

    public void StageStarted(string stageId, string use) => Write($"[{stageId}] started ({use})");

    public void StageProgress(string stageId, long done, long total, string? phase)
    {
        if (total <= 0)
        {
            return;
        }

        lock (_lock)
        {
            var step = Math.Clamp(done, 0, total) * 100 / total / StepPercent;
            var last = _lastLine.TryGetValue(stageId, out var previous) && previous.Phase == phase ? previous.Step : 0;
            if (step <= last)
            {
                return;
            }

            _lastLine[stageId] = (phase, step);
            var percent = done * 100 / total;
            output.WriteLine(phase is null ? $"[{stageId}] {done}/{total} ({percent} %)" : $"[{stageId}] {done}/{total} {phase} ({percent} %)");
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
