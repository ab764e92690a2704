namespace SeCo.Host.Running;

/// <summary>Receives what happens during a run: the CLI draws it, the daemon streams it.</summary>
internal interface IRunObserver
{
    void StageCached(string stageId);

    /// <summary>Why the stage is about to run or is reused (<see cref="CacheExplanation"/>), before <see cref="StageCached"/> or <see cref="StageStarted"/>.</summary>
    void StageExplained(string stageId, string explanation)
    {
    }

    void StageStarted(string stageId, string use);

    void StageProgress(string stageId, long done, long total, string? phase);

    void StageFinished(string stageId, StageRunState state, TimeSpan elapsed, Exception? error);
}
