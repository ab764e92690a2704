using TorchSharp;
using static TorchSharp.torch;

namespace SeCo.Plugins.Adapt.UniMatch.Losses;

/// <summary>
/// UniMatch's plain labelled loss (<c>criterion: CELoss</c>): <c>nn.CrossEntropyLoss(ignore_index=255)</c>, the mean
/// over the non-ignored pixels.
/// </summary>
public sealed class IgnoreIndexCrossEntropy : ISegmentationCriterion
{
    /// <summary>Creates the loss.</summary>
    /// <param name="ignoreIndex">Target value of unlabelled pixels.</param>
    public IgnoreIndexCrossEntropy(long ignoreIndex = OhemCrossEntropy.DefaultIgnoreIndex) => IgnoreIndex = ignoreIndex;

    /// <summary>Target value of unlabelled pixels.</summary>
    public long IgnoreIndex { get; }

    /// <inheritdoc />
    public Tensor Compute(Tensor logits, Tensor target) =>
        nn.functional.cross_entropy(logits, target, ignore_index: IgnoreIndex, reduction: nn.Reduction.Mean);
}
