namespace SeCo.Sdk.Artifacts;

/// <summary>Model weights on disk.</summary>
/// <param name="Path">Absolute path of the weights file.</param>
public sealed record Checkpoint(string Path) : Artifact
{
    /// <summary>The file format: <c>pth</c> (PyTorch state dict) or <c>safetensors</c>.</summary>
    public string Format { get; init; } = "pth";

    /// <summary>The architecture the weights fit (e.g. <c>resnet101-maskgated</c>), when known.</summary>
    public string? Architecture { get; init; }

    /// <summary>Free-form facts about the weights (epochs, metric values).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();
}
