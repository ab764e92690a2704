namespace SeCo.Sdk.Artifacts;

/// <summary>One label map of a <see cref="LabelSet"/>.</summary>
/// <param name="Id">The id of the image it labels.</param>
/// <param name="Label">Path of the 8-bit PNG label map (value = class id, 255 = ignore), relative to the root.</param>
public sealed record LabelItem(string Id, string Label);
