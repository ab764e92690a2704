namespace SeCo.Plugins.HtmlReport;

/// <summary>The side-by-side panels of one sample image.</summary>
/// <param name="Id">The image id.</param>
/// <param name="Panels">Image, one panel per label set, ground truth, error map.</param>
internal sealed record SampleRow(string Id, IReadOnlyList<Panel> Panels);
