using SeCo.Host.Running;
using SeCo.Sdk.Artifacts;

namespace SeCo.Host.Reporting;

/// <summary>One stage of a run folder as <c>run.json</c> and the stage's manifest describe it.</summary>
/// <param name="Record">The stage's line in <c>run.json</c>.</param>
/// <param name="Outputs">The output artifacts by port, from the manifest; empty when the stage has no manifest (failed, skipped, cancelled).</param>
internal sealed record RunFolderStage(StageRunRecord Record, IReadOnlyDictionary<string, Artifact> Outputs)
{
    /// <summary>The stage id in the pipeline.</summary>
    public string Id => Record.Id;

    /// <summary>The stage type (<c>use</c>).</summary>
    public string Use => Record.Use;
}
