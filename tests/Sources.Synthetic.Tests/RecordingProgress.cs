using System.Collections.Concurrent;
using SeCo.Sdk.Stages;

namespace Sources.Synthetic.Tests;

/// <summary>Records every progress report; optionally runs an action on each (to cancel mid-run).</summary>
internal sealed class RecordingProgress : IStageProgress
{
    private readonly Action<long, long>? _onReport;

    public RecordingProgress(Action<long, long>? onReport = null) => _onReport = onReport;

    public ConcurrentQueue<(long Done, long Total)> Reports { get; } = new();

    public void Report(long done, long total, string? phase = null)
    {
        Reports.Enqueue((done, total));
        _onReport?.Invoke(done, total);
    }
}
