using SeCo.Sdk.Artifacts;
using SeCo.Sdk.Runs;

namespace SeCo.Plugins.HtmlReport;

/// <summary>Everything a report shows, gathered from a run folder by <see cref="ReportModelBuilder"/>.</summary>
internal sealed record ReportModel
{
    /// <summary>The run folder.</summary>
    public required RunFolder Run { get; init; }

    /// <summary>The run's label sets in pipeline order (ground truth excluded).</summary>
    public required IReadOnlyList<LabelColumn> Columns { get; init; }

    /// <summary>The quality table, one row per <c>metrics.json</c>, in column order.</summary>
    public required IReadOnlyList<MetricsRow> Rows { get; init; }

    /// <summary>The images the panels show, when the run has an image set.</summary>
    public ImageSet? Images { get; init; }

    /// <summary>The ground-truth label maps, when known.</summary>
    public LabelSet? GroundTruth { get; init; }

    /// <summary>Where the ground truth comes from (<c>stage.port</c>).</summary>
    public string? GroundTruthSource { get; init; }

    /// <summary>Class names and colours (from the first <c>metrics.json</c> that has them).</summary>
    public IReadOnlyList<ClassScore> Classes { get; init; } = [];

    /// <summary>The SCC-LD summaries (<c>scc_ld.json</c>) of the run's stages, in stage order.</summary>
    public IReadOnlyList<RegionNoiseSummary> NoiseModels { get; init; } = [];

    /// <summary>The training stages' loss curves (<see cref="TrainingCurves"/>).</summary>
    public IReadOnlyList<TrainingCurve> Training { get; init; } = [];

    /// <summary>What could not be read or matched, shown in the report.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}
