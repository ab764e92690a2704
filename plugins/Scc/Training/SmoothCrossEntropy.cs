using TorchSharp;
using static TorchSharp.torch;

namespace SeCo.Plugins.Scc.Training;

/// <summary>
/// The reference's <c>SmoothCE</c>: <c>−mean_b Σ_c t[b,c] · log_softmax(z)[b,c]</c> with
/// <c>t = (1 − ε)·onehot(label) + ε / C</c>.
/// </summary>
public static class SmoothCrossEntropy
{
    /// <summary>The smoothed targets (B x C float32).</summary>
    public static Tensor Targets(Tensor labels, int numClasses, double epsilon)
    {
        using var scope = NewDisposeScope();
        using var keep = (1 - epsilon).ToScalar();
        using var spread = (epsilon / numClasses).ToScalar();
        using var one = 1.ToScalar();
        var targets = nn.functional.one_hot(labels.to_type(int64), numClasses).to_type(float32).mul(keep).add(spread, one);
        return targets.MoveToOuterDisposeScope();
    }

    /// <summary>The mean smoothed cross-entropy of <paramref name="logits"/> (B x C) against <paramref name="targets"/>.</summary>
    public static Tensor Loss(Tensor logits, Tensor targets)
    {
        using var scope = NewDisposeScope();
        var loss = logits.log_softmax(1).mul(targets).sum(1).mean().neg();
        return loss.MoveToOuterDisposeScope();
    }
}
