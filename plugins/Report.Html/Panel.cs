namespace SeCo.Plugins.HtmlReport;

/// <summary>One picture of a sample row.</summary>
/// <param name="Title">The column heading (<c>image</c>, <c>stage.port</c>, <c>ground truth</c>, ...).</param>
/// <param name="DataUri">The PNG as a <c>data:</c> URI; null when the picture could not be drawn.</param>
/// <param name="Caption">A line under the picture (region counts, a problem), or null.</param>
internal sealed record Panel(string Title, string? DataUri, string? Caption = null);
