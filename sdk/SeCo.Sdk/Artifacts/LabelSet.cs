namespace SeCo.Sdk.Artifacts;

/// <summary>Per-image label maps: pixel pseudo-labels, aggregated or corrected labels, predictions.</summary>
/// <param name="Root">Folder the item paths are relative to.</param>
/// <param name="Items">The label maps, one per image id.</param>
public sealed record LabelSet(string Root, IReadOnlyList<LabelItem> Items) : Artifact
{
    /// <summary>The taxonomy name of the class ids (e.g. <c>cityscapes19</c>), when known.</summary>
    public string? Taxonomy { get; init; }

    /// <summary>A list file in the reference tools' format (<c>image_path label_path</c> per line), when written.</summary>
    public string? ListFile { get; init; }

    /// <summary>Absolute path of an item's label map.</summary>
    public string LabelPath(LabelItem item) => Resolve(Root, item.Label);

    /// <summary>The item for an image id, or null.</summary>
    public LabelItem? Find(string id) => Items.FirstOrDefault(i => i.Id == id);
}
