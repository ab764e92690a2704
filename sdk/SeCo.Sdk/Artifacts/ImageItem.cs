namespace SeCo.Sdk.Artifacts;

/// <summary>One image of an <see cref="ImageSet"/>.</summary>
/// <param name="Id">Stable image id, unique in the set (e.g. <c>aachen/aachen_000000_000019</c>).</param>
/// <param name="Image">Path of the RGB image, relative to the set's root.</param>
/// <param name="GroundTruth">Path of the ground-truth label map, relative to the root, when known.</param>
public sealed record ImageItem(string Id, string Image, string? GroundTruth = null);
