namespace SeCo.Plugins.HtmlReport;

/// <summary>One row of the quality table: a <c>metrics.json</c> and the label set it scored.</summary>
/// <param name="Labels">The scored label set as <c>stage.port</c>, or a description when the run does not say.</param>
/// <param name="Column">The column of that label set, when it is one of the run's outputs.</param>
/// <param name="Metrics">The numbers.</param>
internal sealed record MetricsRow(string Labels, LabelColumn? Column, StageMetrics Metrics);
