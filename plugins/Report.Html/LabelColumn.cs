using SeCo.Sdk.Artifacts;
using SeCo.Sdk.Runs;

namespace SeCo.Plugins.HtmlReport;

/// <summary>One label set of a run, shown as a column of panels: a stage's <see cref="LabelSet"/> output.</summary>
/// <param name="Stage">The stage that wrote it.</param>
/// <param name="Port">The output port.</param>
/// <param name="Labels">The label maps.</param>
/// <param name="Regions">The same stage's region records, when it wrote any (outlined as kept or dropped).</param>
internal sealed record LabelColumn(RunFolderStage Stage, string Port, LabelSet Labels, RegionSet? Regions)
{
    /// <summary>The reference pipelines use for it: <c>stage.port</c>.</summary>
    public string Key => $"{Stage.Id}.{Port}";
}
