using System.Collections.Concurrent;
using SeCo.Host.Running;

namespace SeCo.Host.Tests.Running;

/// <summary>Keeps every run event as a line, for assertions.</summary>
internal sealed class RecordingObserver : IRunObserver
{
    public ConcurrentQueue<string> Events { get; } = new();

    public void StageCached(string stageId) => Events.Enqueue($"cached {stageId}");

    public void StageStarted(string stageId, string use) => Events.Enqueue($"started {stageId}");

    public void StageProgress(string stageId, long done, long total, string? phase) => Events.Enqueue($"progress {stageId} {done}/{total}");

    public void StageFinished(string stageId, StageRunState state, TimeSpan elapsed, Exception? error) => Events.Enqueue($"{state.ToString().ToLowerInvariant()} {stageId}");
}
