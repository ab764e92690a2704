using TorchSharp.Modules;

namespace SeCo.Vision.Optimization;

/// <summary>One parameter group of an <see cref="Sgd"/>: its parameters (by full name) and its learning rate.</summary>
public sealed class SgdParameterGroup
{
    /// <summary>Creates a group.</summary>
    /// <param name="parameters">The parameters with their names, in optimiser order.</param>
    /// <param name="learningRateFactor">Factor between the optimiser's learning rate and this group's (e.g. SCC: 0.1 for
    /// the backbone; UniMatch: <c>lr_multi</c> for the head).</param>
    public SgdParameterGroup(IReadOnlyList<(string Name, Parameter Parameter)> parameters, double learningRateFactor = 1.0)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Parameters = parameters;
        LearningRateFactor = learningRateFactor;
    }

    /// <summary>The parameters by full name.</summary>
    public IReadOnlyList<(string Name, Parameter Parameter)> Parameters { get; }

    /// <summary>Factor applied to the optimiser's (scheduled) learning rate.</summary>
    public double LearningRateFactor { get; }

    /// <summary>
    /// The learning rate before any schedule: <see cref="Sgd.BaseLearningRate"/> times <see cref="LearningRateFactor"/>
    /// (set by the optimiser; what a checkpoint calls <c>init_lr</c>).
    /// </summary>
    public double InitialLearningRate { get; internal set; }

    /// <summary>The learning rate of the next step.</summary>
    public double LearningRate { get; set; }
}
