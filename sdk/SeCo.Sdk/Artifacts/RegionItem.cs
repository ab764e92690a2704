namespace SeCo.Sdk.Artifacts;

/// <summary>The region records of one image.</summary>
/// <param name="Id">The image id.</param>
/// <param name="Regions">Path of the per-image JSON array of COCO-RLE region records, relative to the root.</param>
public sealed record RegionItem(string Id, string Regions);
