namespace SeCo.Sdk.Artifacts;

/// <summary>Target-domain images, optionally with ground-truth label maps.</summary>
/// <param name="Root">Folder the item paths are relative to.</param>
/// <param name="Items">The images, in a stable order.</param>
public sealed record ImageSet(string Root, IReadOnlyList<ImageItem> Items) : Artifact
{
    /// <summary>The taxonomy name of the ground truth (e.g. <c>cityscapes19</c>), when known.</summary>
    public string? Taxonomy { get; init; }

    /// <summary>True when every item has a ground-truth label map.</summary>
    public bool HasGroundTruth => Items.Count > 0 && Items.All(i => i.GroundTruth is not null);

    /// <summary>Absolute path of an item's image.</summary>
    public string ImagePath(ImageItem item) => Resolve(Root, item.Image);

    /// <summary>Absolute path of an item's ground truth, or null.</summary>
    public string? GroundTruthPath(ImageItem item) => item.GroundTruth is null ? null : Resolve(Root, item.GroundTruth);
}
