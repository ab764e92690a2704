namespace SeCo.Plugins.HtmlReport;

/// <summary>One class row of a <c>metrics.json</c>: values in percent, null when undefined.</summary>
/// <param name="Id">The class id (the pixel value).</param>
/// <param name="Name">The class name.</param>
/// <param name="Color">The display colour, when <c>metrics.json</c> records it.</param>
/// <param name="IoU">Intersection over union against the ground truth.</param>
/// <param name="LabelledIoU">The IoU restricted to labelled pixels.</param>
internal sealed record ClassScore(int Id, string Name, (byte R, byte G, byte B)? Color, double? IoU, double? LabelledIoU);
