namespace SeCo.Host.Running;

/// <summary>
/// What <see cref="SingleStageRunner"/> did: the stage's state (<see cref="StageRunState.Pending"/> when its inputs
/// are not complete, with <see cref="RunFirst"/> naming the stages to run first) and its folder.
/// </summary>
internal sealed record SingleStageOutcome(StageRunState State, string Directory, IReadOnlyList<string> RunFirst, Exception? Error = null);
