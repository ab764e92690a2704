using TorchSharp;
using static TorchSharp.torch;

namespace SeCo.Plugins.Adapt.UniMatch.Losses;

/// <summary>
/// UniMatch's <c>ProbOhemCrossEntropy2d</c> (<c>util/ohem.py</c>, online hard example mining): with <c>p_t</c> the
/// softmax probability of the target class, keep the valid pixels with <c>p_t ≤ threshold</c>, where the threshold is
/// <see cref="Threshold"/> raised to the <c>min_kept</c>-th smallest <c>p_t</c> when that is larger, and average the
/// cross-entropy over the kept pixels. When <c>min_kept</c> exceeds the number of valid pixels nothing is mined.
/// </summary>
/// <remarks>
/// The order statistic runs over all pixels of the batch, ignored ones counting as <c>p_t = 1</c>, exactly as the
/// reference. Mining is per call, i.e. per GPU batch in the reference (2 images for SeCo's Cityscapes runs).
/// </remarks>
public sealed class OhemCrossEntropy : ISegmentationCriterion
{
    /// <summary>The ignore label of UniMatch's datasets.</summary>
    public const long DefaultIgnoreIndex = 255;

    /// <summary>Creates the loss.</summary>
    /// <param name="threshold">Probability below which a pixel is hard (UniMatch: 0.7).</param>
    /// <param name="minKept">Minimum number of pixels kept per batch (UniMatch's Cityscapes config: 200000).</param>
    /// <param name="ignoreIndex">Target value of unlabelled pixels.</param>
    public OhemCrossEntropy(double threshold = 0.7, long minKept = 200_000, long ignoreIndex = DefaultIgnoreIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(minKept);
        Threshold = threshold;
        MinKept = minKept;
        IgnoreIndex = ignoreIndex;
    }

    /// <summary>Probability below which a pixel is hard.</summary>
    public double Threshold { get; }

    /// <summary>Minimum number of pixels kept (the order statistic that can raise <see cref="Threshold"/>).</summary>
    public long MinKept { get; }

    /// <summary>Target value of unlabelled pixels.</summary>
    public long IgnoreIndex { get; }

    /// <inheritdoc />
    public Tensor Compute(Tensor logits, Tensor target)
    {
        using var mined = MineTarget(logits, target);
        return nn.functional.cross_entropy(logits, mined, ignore_index: IgnoreIndex, reduction: nn.Reduction.Mean);
    }

    /// <summary>
    /// The target after mining: <paramref name="target"/> with every valid pixel that is not kept set to
    /// <see cref="IgnoreIndex"/> (<c>[B, H, W]</c>, int64, new tensor).
    /// </summary>
    public Tensor MineTarget(Tensor logits, Tensor target)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(target);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var classes = logits.shape[1];
        var flat = target.reshape(-1);                           // [N]
        var valid = flat.ne(IgnoreIndex);
        var validCount = valid.sum().ToInt64();                  // one host read per batch
        if (MinKept <= validCount && validCount > 0)
        {
            var probabilities = logits.softmax(1).transpose(0, 1).reshape(classes, -1); // [C, N]
            probabilities.masked_fill_(valid.logical_not(), 1);
            var safeTarget = flat.mul(valid);                    // ignored pixels point at class 0 (probability 1)
            var targetProbability = probabilities.gather(0, safeTarget.unsqueeze(0)).squeeze(0); // [N]
            Scalar threshold = Threshold;
            if (MinKept > 0)
            {
                var k = Math.Min(flat.shape[0], MinKept);
                var kth = targetProbability.kthvalue(k, 0).values.ToSingle();
                if (kth > (float)Threshold)
                {
                    threshold = kth;
                }
            }

            valid = valid.logical_and(targetProbability.le(threshold));
        }

        return flat.masked_fill(valid.logical_not(), IgnoreIndex).view(target.shape).MoveToOuterDisposeScope();
    }
}
