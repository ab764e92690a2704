namespace SeCo.Sdk.Runs;

/// <summary>
/// What happened to a stage in a run: the one stage-state type of the runner (<c>run.json</c>), the daemon's API
/// (written in lower case, e.g. <c>succeeded</c>) and run reports.
/// </summary>
public enum StageRunState
{
    /// <summary>Not started (the run stopped first).</summary>
    Pending,

    /// <summary>A valid manifest existed; the stage did not run.</summary>
    Cached,

    /// <summary>The stage ran and its manifest was written.</summary>
    Succeeded,

    /// <summary>The stage threw; no manifest.</summary>
    Failed,

    /// <summary>The run was cancelled while (or before) the stage ran; no manifest.</summary>
    Cancelled,

    /// <summary>A stage it depends on failed.</summary>
    Skipped,

    /// <summary>Being run now (only seen while a run is in progress, e.g. through the daemon's API).</summary>
    Running,
}
