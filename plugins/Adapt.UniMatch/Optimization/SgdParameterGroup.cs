using TorchSharp.Modules;

namespace SeCo.Plugins.Adapt.UniMatch.Optimization;

/// <summary>One parameter group of <see cref="UniMatchSgd"/>: its parameters (by full name) and its current learning rate.</summary>
public sealed class SgdParameterGroup
{
    /// <summary>Creates a group.</summary>
    /// <param name="parameters">The parameters with their names, in optimiser order.</param>
    /// <param name="learningRateMultiplier">Factor between the scheduled learning rate and this group's (UniMatch: 1 for the
    /// backbone, <c>lr_multi</c> for the rest).</param>
    /// <param name="learningRate">The initial learning rate.</param>
    public SgdParameterGroup(IReadOnlyList<(string Name, Parameter Parameter)> parameters, double learningRateMultiplier, double learningRate)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Parameters = parameters;
        LearningRateMultiplier = learningRateMultiplier;
        LearningRate = learningRate;
    }

    /// <summary>The parameters by full name.</summary>
    public IReadOnlyList<(string Name, Parameter Parameter)> Parameters { get; }

    /// <summary>Factor applied to the scheduled learning rate.</summary>
    public double LearningRateMultiplier { get; }

    /// <summary>The learning rate of the next step.</summary>
    public double LearningRate { get; set; }
}
