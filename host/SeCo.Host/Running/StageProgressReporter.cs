using SeCo.Sdk.Stages;

namespace SeCo.Host.Running;

/// <summary>The progress sink handed to one stage; forwards to the run's observer.</summary>
internal sealed class StageProgressReporter(string stageId, IRunObserver observer) : IStageProgress
{
    public void Report(long done, long total, string? phase = null) => observer.StageProgress(stageId, done, total, phase);
}
