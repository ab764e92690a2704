namespace SeCo.Sdk.Artifacts;

/// <summary>A division of image ids into a labelled and an unlabelled subset (semi-supervised adaptation).</summary>
/// <param name="Root">Folder the list files are relative to.</param>
/// <param name="Labeled">Ids of images whose labels are trusted.</param>
/// <param name="Unlabeled">Ids of the other images.</param>
public sealed record Split(string Root, IReadOnlyList<string> Labeled, IReadOnlyList<string> Unlabeled) : Artifact
{
    /// <summary>The labelled list file (<c>labeled.txt</c>), relative to the root, when written.</summary>
    public string? LabeledList { get; init; }

    /// <summary>The unlabelled list file (<c>unlabeled.txt</c>), relative to the root, when written.</summary>
    public string? UnlabeledList { get; init; }
}
