namespace SeCo.Host.Running;

/// <summary>What happened to a stage in a run.</summary>
internal enum StageRunState
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
}
