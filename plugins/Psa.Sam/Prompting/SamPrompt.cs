using static TorchSharp.torch;

namespace SeCo.Plugins.Psa.Prompting;

/// <summary>One prompt set for <see cref="SamPredictor"/>: any mix of points, a box and a previous low-res mask.</summary>
public sealed record SamPrompt
{
    /// <summary>Point prompts with labels, in original-image pixels.</summary>
    public IReadOnlyList<SamPoint> Points { get; init; } = [];

    /// <summary>An optional box prompt, in original-image pixels.</summary>
    public SamBox? Box { get; init; }

    /// <summary>Optional low-resolution mask logits <c>[1, 4h, 4w]</c> (e.g. from an earlier prediction); not rescaled.</summary>
    public Tensor? MaskInput { get; init; }
}
