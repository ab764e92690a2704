namespace SeCo.Sdk.Stages;

/// <summary>Receives a stage's progress; the CLI shows bars, the daemon streams events.</summary>
public interface IStageProgress
{
    /// <summary>Reports items done out of a total.</summary>
    /// <param name="done">Items finished so far (including items found already done on resume).</param>
    /// <param name="total">All items of the current phase.</param>
    /// <param name="phase">Optional phase name for stages with several phases (for example <c>train</c>).</param>
    void Report(long done, long total, string? phase = null);
}
