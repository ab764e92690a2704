namespace SeCo.Host.Daemon;

/// <summary>
/// The text of the one state model (<see cref="RunState"/>, <see cref="StageRunState"/>) as the daemon stores it and its
/// API reports it: the value's name in lower case. The constants name the run states for SQL and patterns; each is the
/// <see cref="Text(RunState)"/> of its value (a test checks).
/// </summary>
internal static class RunStates
{
    /// <summary>Accepted and waiting for a free slot.</summary>
    public const string Queued = "queued";

    /// <summary>Being run now.</summary>
    public const string Running = "running";

    /// <summary>Every stage succeeded or was cached.</summary>
    public const string Succeeded = "succeeded";

    /// <summary>A stage failed, or the pipeline no longer loads.</summary>
    public const string Failed = "failed";

    /// <summary>Cancelled through the API.</summary>
    public const string Cancelled = "cancelled";

    /// <summary>The daemon stopped (crash, kill, shutdown) while it ran; re-queued on the next start.</summary>
    public const string Interrupted = "interrupted";

    /// <summary>The stored and reported text of a run state.</summary>
    public static string Text(RunState state) => state.ToString().ToLowerInvariant();

    /// <summary>The stored and reported text of a stage state.</summary>
    public static string Text(StageRunState state) => state.ToString().ToLowerInvariant();

    /// <summary>True for states a run never leaves.</summary>
    public static bool IsFinal(string state) => state is Succeeded or Failed or Cancelled;

    /// <summary>True for states that wait for the scheduler.</summary>
    public static bool IsWaiting(string state) => state is Queued or Interrupted;
}
