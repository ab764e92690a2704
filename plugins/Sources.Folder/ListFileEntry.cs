namespace SeCo.Plugins.Sources.Folder;

/// <summary>One line of a list file: the image, its pixel pseudo-label and optional ground truth, relative to the root.</summary>
internal sealed record ListFileEntry(int Line, string Id, string Image, string Label, string? GroundTruth);
