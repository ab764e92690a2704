namespace SeCo.Sdk.Artifacts;

/// <summary>Evaluation results: metric values and the files holding details.</summary>
/// <param name="Root">Folder the files are relative to.</param>
/// <param name="Files">Report files (<c>metrics.json</c>, HTML, images).</param>
public sealed record Report(string Root, IReadOnlyList<string> Files) : Artifact
{
    /// <summary>Headline metric values by name (e.g. <c>mIoU</c>, <c>coverage</c>).</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();
}
