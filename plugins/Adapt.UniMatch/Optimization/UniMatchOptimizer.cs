using SeCo.Plugins.Adapt.UniMatch.Modeling;
using SeCo.Vision.Optimization;

namespace SeCo.Plugins.Adapt.UniMatch.Optimization;

/// <summary>
/// UniMatch's optimiser: PyTorch's <c>SGD(momentum=0.9, dampening=0, weight_decay=1e-4, nesterov=False)</c>
/// (<see cref="Sgd"/>) over two groups, the backbone at <c>lr</c> and everything else at <c>lr · lr_multi</c>, scheduled
/// with <see cref="PolyLearningRate.UpdateLearningRate"/>.
/// </summary>
public static class UniMatchOptimizer
{
    /// <summary>UniMatch's momentum.</summary>
    public const double Momentum = 0.9;

    /// <summary>UniMatch's weight decay (every parameter, BatchNorm and biases included).</summary>
    public const double WeightDecay = 1e-4;

    /// <summary>Creates the optimiser for a model, with both groups at their initial learning rates.</summary>
    /// <param name="model">The network; group 0 = <c>backbone.*</c>, group 1 = the rest.</param>
    /// <param name="baseLearningRate"><c>cfg['lr']</c> (SeCo: 0.005).</param>
    /// <param name="headLearningRateMultiplier"><c>cfg['lr_multi']</c> (SeCo: 1.0).</param>
    public static Sgd Create(DeepLabV3Plus model, double baseLearningRate, double headLearningRateMultiplier = 1.0)
    {
        ArgumentNullException.ThrowIfNull(model);
        return new Sgd(
            [new SgdParameterGroup(model.BackboneParameters()), new SgdParameterGroup(model.HeadParameters(), headLearningRateMultiplier)],
            baseLearningRate, Momentum, WeightDecay);
    }
}
