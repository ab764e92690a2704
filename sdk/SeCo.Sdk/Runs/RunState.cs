namespace SeCo.Sdk.Runs;

/// <summary>
/// The state of a whole run: the one run-state type of the runner (<c>run.json</c> records a finished run's
/// <see cref="Succeeded"/>, <see cref="Failed"/> or <see cref="Cancelled"/>), the daemon (its queue adds the others)
/// and run reports.
/// </summary>
public enum RunState
{
    /// <summary>Accepted by the daemon and waiting for a free slot.</summary>
    Queued,

    /// <summary>Being run now.</summary>
    Running,

    /// <summary>Every stage succeeded or was cached.</summary>
    Succeeded,

    /// <summary>A stage failed, or the pipeline no longer loads.</summary>
    Failed,

    /// <summary>Cancelled (Ctrl-C, or through the daemon's API) before every stage finished.</summary>
    Cancelled,

    /// <summary>The daemon stopped while the run ran; it is queued again on the daemon's next start.</summary>
    Interrupted,
}
