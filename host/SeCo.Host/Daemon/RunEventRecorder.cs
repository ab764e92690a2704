using System.Collections.Concurrent;
using System.Diagnostics;
using SeCo.Host.Running;

namespace SeCo.Host.Daemon;

/// <summary>
/// The runner's observer for one daemon run: keeps the stage rows current and appends stage events.
/// Progress is stored at most every <see cref="ProgressInterval"/> per stage (and always at the end).
/// </summary>
internal sealed class RunEventRecorder(string runId, RunStore store, RunEventWriter events) : IRunObserver
{
    /// <summary>The shortest time between two stored progress events of one stage.</summary>
    public static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(200);

    private readonly ConcurrentDictionary<string, long> _lastProgress = new(StringComparer.Ordinal);

    public void StageCached(string stageId)
    {
        store.UpdateStage(runId, stageId, RunStates.Text(StageRunState.Cached));
        events.Append(runId, "stage.cached", new { stage = stageId });
    }

    public void StageExplained(string stageId, string explanation) => store.UpdateStageCache(runId, stageId, explanation);

    public void StageStarted(string stageId, string use)
    {
        store.UpdateStage(runId, stageId, RunStates.Text(StageRunState.Running), startedAt: DateTimeOffset.UtcNow);
        events.Append(runId, "stage.started", new { stage = stageId, use });
    }

    public void StageProgress(string stageId, long done, long total, string? phase)
    {
        var now = Stopwatch.GetTimestamp();
        var last = _lastProgress.GetOrAdd(stageId, 0);
        if (done < total && last != 0 && Stopwatch.GetElapsedTime(last, now) < ProgressInterval)
        {
            return;
        }

        _lastProgress[stageId] = now;
        store.UpdateProgress(runId, stageId, done, total, phase);
        events.Append(runId, "stage.progress", new { stage = stageId, done, total, phase });
    }

    public void StageFinished(string stageId, StageRunState state, TimeSpan elapsed, Exception? error)
    {
        var name = RunStates.Text(state);
        var message = error is null ? null : PipelineRunner.Describe(error);
        store.UpdateStage(runId, stageId, name, finishedAt: DateTimeOffset.UtcNow, seconds: elapsed.TotalSeconds, error: message);
        events.Append(runId, "stage.finished", new { stage = stageId, state = name, seconds = elapsed.TotalSeconds, error = message });
    }
}
