namespace SeCo.Plugins.HtmlReport;

/// <summary>One series of a <see cref="SvgBarChart"/>: a value (percent, null = none) per category.</summary>
internal sealed record ChartSeries(string Name, string Color, IReadOnlyList<double?> Values);
