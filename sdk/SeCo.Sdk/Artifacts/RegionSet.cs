namespace SeCo.Sdk.Artifacts;

/// <summary>Connected regions of label maps as COCO-RLE records (one JSON file per image).</summary>
/// <param name="Root">Folder the item paths are relative to.</param>
/// <param name="Items">One entry per image.</param>
public sealed record RegionSet(string Root, IReadOnlyList<RegionItem> Items) : Artifact
{
    /// <summary>Absolute path of an item's region file.</summary>
    public string RegionsPath(RegionItem item) => Resolve(Root, item.Regions);
}
